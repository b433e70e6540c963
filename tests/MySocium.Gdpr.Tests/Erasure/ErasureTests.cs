using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Erasure;

namespace MySocium.Gdpr.Tests.Erasure;

public sealed class ErasureTests : IAsyncLifetime
{
    private readonly FailingCommand _failure = new();
    private ErasureDatabase _database = null!;

    private IPersonalDataEraser Eraser => _database.Services.GetRequiredService<IPersonalDataEraser>();

    public async ValueTask InitializeAsync() => _database = await ErasureDatabase.CreateAsync(interceptors: _failure);

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

    private Task<Snapshot> SnapshotAsync() => _database.WithContextAsync(async db => new Snapshot(
        (await db.Accounts.Select(a => a.Name).ToListAsync()).Order(StringComparer.Ordinal).ToList(),
        await db.Posts.IgnoreQueryFilters().OrderBy(p => p.Id).Select(p => p.Text).ToListAsync(),
        await db.Comments.OrderBy(c => c.Id).Select(c => c.Text).ToListAsync(),
        await db.Orders.OrderBy(o => o.Id).Select(o => o.ShippingName).ToListAsync(),
        await db.Pets.OrderBy(p => p.Id).Select(p => p.Name).ToListAsync(),
        await db.Tags.Select(t => t.Label).ToListAsync(),
        await db.Set<Dictionary<string, object>>("PostTag").CountAsync(),
        await db.AuditEntries.OrderBy(a => a.Id).Select(a => ValueTuple.Create(a.What, a.ActorId != null)).ToListAsync(),
        await db.Accounts.Where(a => a.Id == _database.Grace).Select(a => a.InvitedById).SingleOrDefaultAsync(),
        await db.Posts.Where(p => p.AuthorId == _database.Grace).Select(p => p.LastEditorId).SingleOrDefaultAsync()));

    private sealed record Snapshot(
        List<string> Accounts, List<string> Posts, List<string> Comments, List<string> Orders, List<string> Pets, List<string> Tags, int PostTags,
        List<(string, bool)> Audit, Guid? GraceInvitedBy, Guid? GracePostLastEditor);

    /// <summary>Fails the n-th UPDATE or DELETE statement, as a crash or a constraint half-way through an erasure would.</summary>
    private sealed class FailingCommand : DbCommandInterceptor
    {
        private int _failAt;
        private int _seen;

        public void FailAt(int statement)
        {
            _failAt = statement;
            _seen = 0;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (_failAt > 0 && (command.CommandText.StartsWith("DELETE", StringComparison.Ordinal) || command.CommandText.StartsWith("UPDATE", StringComparison.Ordinal))
                && ++_seen == _failAt)
            {
                throw new InvalidOperationException($"Injected failure at statement {_failAt}.");
            }

            return ValueTask.FromResult(result);
        }
    }
}
