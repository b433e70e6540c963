using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.Tests.Erasure;

public sealed class ErasureTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"mysocium-erasure-{Guid.NewGuid():N}.db");
    private readonly FailingStatement _failure = new();
    private readonly UploadedFiles _files = new();
    private readonly Guid _ada = Guid.NewGuid();
    private readonly Guid _grace = Guid.NewGuid();
    private ServiceProvider _services = null!;

    private IPersonalDataEraser Eraser => _services.GetRequiredService<IPersonalDataEraser>();

    public async ValueTask InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddMySociumGdpr(o => o.Encryption.RootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .AddEntityFrameworkStores<ErasureContext>()
            .AddSubject<Account>();
        services.AddDbContext<ErasureContext>((sp, o) => o.UseSqlite($"Data Source={_path};Pooling=False").UseMySociumGdpr(sp).AddInterceptors(_failure));
        services.AddSingleton<IErasureParticipant>(_files);
        services.AddSingleton<IErasureParticipant, BrokenSearchIndex>();
        _services = services.BuildServiceProvider();
        await WithContextAsync(db => db.Database.EnsureCreatedAsync());
        await _services.GetRequiredService<IGdprKeyRing>().LoadAsync();
        await SeedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

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

        var preview = await Eraser.PreviewAsync(_ada);

        preview.DryRun.Should().BeTrue();
        Rows(preview, "Post", ErasureAction.Delete).Should().Be(3, "two posts and a soft-deleted one");
        Rows(preview, "Comment", ErasureAction.Delete).Should().Be(2);
        Rows(preview, "Account", ErasureAction.Delete).Should().Be(1);
        (await SnapshotAsync()).Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task Erase_RemovesEverythingOfTheSubjectAndNothingElse()
    {
        var receipt = await Eraser.EraseAsync(_ada);

        receipt.DryRun.Should().BeFalse();
        receipt.NothingFound.Should().BeFalse();
        receipt.SubjectHash.Should().HaveLength(64).And.NotContain(_ada.ToString("N"));
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
        (await WithContextAsync(db => db.Invoices.CountAsync(i => i.BillingEmail == "ada@example.org"))).Should().Be(0, "the retained invoice's blind index is cleared too");
        (await WithContextAsync(db => db.Invoices.Where(i => i.Amount == 100m).Select(i => i.BillingEmail).SingleAsync())).Should().BeNull();
    }

    [Fact]
    public async Task Erase_StoresAReceiptThatSurvivesTheErasureAndHoldsNoPersonalData()
    {
        var receipt = await Eraser.EraseAsync(_ada);

        var stored = await Eraser.GetReceiptsAsync(_ada);
        var raw = await WithContextAsync(db => db.Database.SqlQueryRaw<string>("SELECT \"Steps\" || \"SubjectHash\" AS \"Value\" FROM \"GdprErasureReceipts\"").ToListAsync());

        stored.Should().ContainSingle().Which.Should().BeEquivalentTo(receipt, o => o.Excluding(r => r.At));
        (await Eraser.GetReceiptsAsync(_grace)).Should().BeEmpty();
        raw.Should().ContainSingle().Which.Should().NotContain("Ada").And.NotContain(_ada.ToString()).And.Contain("Invoices are kept ten years");
    }

    [Fact]
    public async Task Erase_RunsParticipantsAfterTheDatabase_AndRecordsTheirResults()
    {
        var receipt = await Eraser.EraseAsync(_ada);

        _files.ErasedFor.Should().Equal(_ada);
        receipt.Participants.Should().Equal(
            new ErasureParticipantResult("uploaded files", true, "2 files"),
            new ErasureParticipantResult("search index", false, nameof(TimeoutException)));
        (await Eraser.GetReceiptsAsync(_ada)).Single().Participants.Should().Equal(receipt.Participants);
        (await SnapshotAsync()).Accounts.Should().ContainSingle().Which.Should().Be("Grace", "a failing participant does not undo the committed database erasure");
    }

    [Fact]
    public async Task Erase_Twice_SecondFindsNothing()
    {
        await Eraser.EraseAsync(_ada);

        var again = await Eraser.EraseAsync(_ada);

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
        await Eraser.EraseAsync(_ada);
        SqliteConnection.ClearAllPools();

        var file = await File.ReadAllBytesAsync(_path);

        file.AsSpan().IndexOf("Ada's dog"u8).Should().Be(-1, "secure_delete zeroes the freed row");
        file.AsSpan().IndexOf("Grace's cat"u8).Should().BeGreaterThan(-1, "the search would see a readable value");
    }

    [Fact]
    public async Task Erase_FailingAtAnyStatement_ChangesNothing_AndARerunCompletes()
    {
        var before = await SnapshotAsync();
        var statements = (await Eraser.PreviewAsync(_ada)).Steps.Count;

        for (var failAt = 1; failAt <= statements; failAt++)
        {
            _failure.FailAt(failAt);
            var erase = () => Eraser.EraseAsync(_ada);

            (await erase.Should().ThrowAsync<ErasureException>()).Which.Message.Should().Contain($"step {failAt} ");
            _failure.FailAt(0);
            (await SnapshotAsync()).Should().BeEquivalentTo(before, $"a failure at statement {failAt} rolls everything back");
        }

        var receipt = await Eraser.EraseAsync(_ada);
        receipt.NothingFound.Should().BeFalse();
        (await SnapshotAsync()).Accounts.Should().Equal("Grace");
    }

    private static int Rows(ErasureReceipt receipt, string entity, ErasureAction action)
        => receipt.Steps.Where(s => s.Entity == entity && s.Action == action).Sum(s => s.Rows);

    private Task SeedAsync() => WithContextAsync(db => ErasureScenario.SeedAsync(db, _ada, _grace));

    private Task<ErasureScenario.Snapshot> SnapshotAsync() => WithContextAsync(db => ErasureScenario.SnapshotAsync(db, _grace));

    private async Task<T> WithContextAsync<T>(Func<ErasureContext, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ErasureContext>());
    }

    private Task WithContextAsync(Func<ErasureContext, Task> action) => WithContextAsync(async db =>
    {
        await action(db);
        return true;
    });

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
