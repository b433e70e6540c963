using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Erasure;

namespace MySocium.Gdpr.Tests.Erasure;

public sealed class ErasureTests : IAsyncLifetime
{
    private readonly FailingStatement _failure = new();
    private readonly UploadedFiles _files = new();
    private ErasureDatabase _database = null!;

    private IPersonalDataEraser Eraser => _database.Services.GetRequiredService<IPersonalDataEraser>();

    public async ValueTask InitializeAsync() => _database = await ErasureDatabase.CreateAsync(
        configure: services => services.AddSingleton<IErasureParticipant>(_files).AddSingleton<IErasureParticipant, BrokenSearchIndex>(),
        interceptors: _failure);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public void DescribePlan_ListsEveryReachableEntityAndDetachedReference()
    {
        var plan = Eraser.DescribePlan();

        plan.Should().Contain("delete Comment (Account <- Post.AuthorId <- Comment.PostId)")
            .And.Contain("delete Post (Account <- Post.AuthorId)")
            .And.Contain("delete Order (Account <- Order.AccountId)")
            .And.Contain("delete Pet (Account <- Pet.OwnerId)")
            .And.Contain("delete PostTag (Dictionary<string, object>) (Account <- Post.AuthorId <- PostTag (Dictionary<string, object>).PostsId)")
            .And.Contain("detach Post.LastEditorId -> Account")
            .And.Contain("detach Account.InvitedById -> Account")
            .And.Contain("detach Comment.ReplyToId -> Account <- Post.AuthorId <- Comment.PostId")
            .And.Contain("detach AuditEntry.ActorId -> Account")
            .And.Contain("retain Invoice.CustomerId -> Account (retained and anonymized: Invoices are kept ten years (tax law))")
            .And.NotContain("delete Tag ")
            .And.NotContain("delete AuditEntry");
    }

    [Fact]
    public async Task Preview_CountsWithoutChangingAnything()
    {
        var before = await SnapshotAsync();

        var preview = await Eraser.PreviewAsync(_database.Ada);

        preview.DryRun.Should().BeTrue();
        Rows(preview, "Post", ErasureAction.Delete).Should().Be(3, "two posts and a soft-deleted one");
        Rows(preview, "Comment", ErasureAction.Delete).Should().Be(2);
        Rows(preview, "Account", ErasureAction.Delete).Should().Be(1);
        (await SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task Erase_RemovesEverythingOfTheSubjectAndNothingElse()
    {
        var receipt = await Eraser.EraseAsync(_database.Ada);

        receipt.DryRun.Should().BeFalse();
        receipt.NothingFound.Should().BeFalse();
        receipt.SubjectHash.Should().HaveLength(64).And.NotContain(_database.Ada.ToString("N"));
        var after = await SnapshotAsync();
        after.Accounts.Should().Equal("Grace");
        after.Posts.Should().Equal("grace's post");
        after.Comments.Should().ContainSingle().Which.Should().Be("grace on grace", "comments on ada's posts go with them; grace's comment on her own post stays, its reply-to detached");
        after.Orders.Should().Equal("Grace H.");
        after.Pets.Should().Equal("Grace's cat");
        after.Tags.Should().ContainSingle().Which.Should().Be("science", "tags are not the subject's; only the join rows to ada's posts go");
        after.PostTags.Should().Be(1);
        after.Audit.Should().Equal(("ada signed in", false), ("grace signed in", true));
        after.GraceInvitedBy.Should().BeNull("the reference to the erased account is detached");
        after.GracePostLastEditor.Should().BeNull();
        after.Invoices.Should().Equal(("", false, 100m), ("Grace Hopper", true, 250m));
        receipt.Steps.Should().ContainSingle(s => s.Action == ErasureAction.Retain).Which.Rows.Should().Be(1);
        (await _database.WithContextAsync(db => db.Invoices.CountAsync(i => i.BillingEmail == "ada@example.org"))).Should().Be(0, "the retained invoice's blind index is cleared too");
        (await _database.WithContextAsync(db => db.Invoices.Where(i => i.Amount == 100m).Select(i => i.BillingEmail).SingleAsync())).Should().BeNull();
    }

    [Fact]
    public async Task Erase_StoresAReceiptThatSurvivesTheErasureAndHoldsNoPersonalData()
    {
        var receipt = await Eraser.EraseAsync(_database.Ada);

        var stored = await Eraser.GetReceiptsAsync(_database.Ada);
        var raw = await _database.WithContextAsync(db => db.Database.SqlQueryRaw<string>("SELECT \"Steps\" || \"SubjectHash\" AS \"Value\" FROM \"GdprErasureReceipts\"").ToListAsync());

        stored.Should().ContainSingle().Which.Should().BeEquivalentTo(receipt, o => o.Excluding(r => r.At));
        (await Eraser.GetReceiptsAsync(_database.Grace)).Should().BeEmpty();
        raw.Should().ContainSingle().Which.Should().NotContain("Ada").And.NotContain(_database.Ada.ToString()).And.Contain("Invoices are kept ten years");
    }

    [Fact]
    public async Task Erase_RunsParticipantsAfterTheDatabase_AndRecordsTheirResults()
    {
        var receipt = await Eraser.EraseAsync(_database.Ada);

        _files.ErasedFor.Should().Equal(_database.Ada);
        receipt.Participants.Should().Equal(
            new ErasureParticipantResult("uploaded files", true, "2 files"),
            new ErasureParticipantResult("search index", false, nameof(TimeoutException)),
            new ErasureParticipantResult("consent ledger", true, "0 consent records kept as proof of consent (Art. 7(1)); they name the subject only by a keyed hash"),
            new ErasureParticipantResult("sessions", true, "0 sessions ended"));
        (await Eraser.GetReceiptsAsync(_database.Ada)).Single().Participants.Should().Equal(receipt.Participants);
        (await SnapshotAsync()).Accounts.Should().ContainSingle().Which.Should().Be("Grace", "a failing participant does not undo the committed database erasure");
    }

    [Fact]
    public async Task Erase_Twice_SecondFindsNothing()
    {
        await Eraser.EraseAsync(_database.Ada);

        var again = await Eraser.EraseAsync(_database.Ada);

        again.NothingFound.Should().BeTrue();
    }

    [Fact]
    public async Task Erase_UnknownSubject_ReturnsAReceiptThatFoundNothing()
    {
        var receipt = await Eraser.EraseAsync(Guid.NewGuid());

        receipt.NothingFound.Should().BeTrue();
        (await SnapshotAsync()).Accounts.Should().HaveCount(2);
    }

    [Fact]
    public async Task Erase_DatabaseFileKeepsNoneOfTheSubjectsReadableValues()
    {
        await Eraser.EraseAsync(_database.Ada);
        SqliteConnection.ClearAllPools();

        var file = await File.ReadAllBytesAsync(_database.FilePath);

        file.AsSpan().IndexOf("Ada's dog"u8).Should().Be(-1, "secure_delete zeroes the freed row");
        file.AsSpan().IndexOf("Grace's cat"u8).Should().BeGreaterThan(-1, "the search would see a readable value");
    }

    [Fact]
    public async Task Erase_FailingAtAnyStatement_ChangesNothing_AndARerunCompletes()
    {
        var before = await SnapshotAsync();
        var statements = (await Eraser.PreviewAsync(_database.Ada)).Steps.Count;

        for (var failAt = 1; failAt <= statements; failAt++)
        {
            _failure.FailAt(failAt);
            var erase = () => Eraser.EraseAsync(_database.Ada);

            (await erase.Should().ThrowAsync<ErasureException>()).Which.Message.Should().Contain($"step {failAt} ");
            _failure.FailAt(0);
            (await SnapshotAsync()).Should().BeEquivalentTo(before, $"a failure at statement {failAt} rolls everything back");
        }

        var receipt = await Eraser.EraseAsync(_database.Ada);
        receipt.NothingFound.Should().BeFalse();
        (await SnapshotAsync()).Accounts.Should().Equal("Grace");
    }

    private static int Rows(ErasureReceipt receipt, string entity, ErasureAction action)
        => receipt.Steps.Where(s => s.Entity == entity && s.Action == action).Sum(s => s.Rows);

    private Task<ErasureScenario.Snapshot> SnapshotAsync() => _database.WithContextAsync(db => ErasureScenario.SnapshotAsync(db, _database.Grace));

    private sealed class UploadedFiles : IErasureParticipant
    {
        public List<object> ErasedFor { get; } = [];

        public string Name => "uploaded files";

        public Task<string> EraseAsync(object subjectId, CancellationToken cancellationToken)
        {
            ErasedFor.Add(subjectId);
            return Task.FromResult("2 files");
        }
    }

    private sealed class BrokenSearchIndex : IErasureParticipant
    {
        public string Name => "search index";

        public Task<string> EraseAsync(object subjectId, CancellationToken cancellationToken)
            => throw new TimeoutException($"The index did not answer for {subjectId}.");
    }
}
