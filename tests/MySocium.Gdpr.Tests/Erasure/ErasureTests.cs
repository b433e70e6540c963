using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MySocium.Gdpr.Erasure;

namespace MySocium.Gdpr.Tests.Erasure;

public sealed class ErasureTests : IAsyncLifetime
{
    private readonly FailingStatement _failure = new();
    private readonly UploadedFiles _files = new();
    private readonly SearchIndex _searchIndex = new();
    private ErasureDatabase _database = null!;

    private IPersonalDataEraser Eraser => _database.Services.GetRequiredService<IPersonalDataEraser>();

    public async ValueTask InitializeAsync() => _database = await ErasureDatabase.CreateAsync(
        configure: services => services.AddSingleton<IErasureParticipant>(_files).AddSingleton<IErasureParticipant>(_searchIndex),
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
            .And.Contain("retain Invoice.CustomerId -> Account (retained and anonymized: Invoices are kept ten years (tax law))" + Environment.NewLine)
            .And.Contain("delete Device (Account <- Device.OwnerId), tracked: EF cannot bulk-delete rows of a TPT hierarchy")
            .And.Contain("delete PaymentMethod (Account <- PaymentMethod.AccountId), in 2 statements on BankAccounts, Cards" + Environment.NewLine)
            .And.Contain("delete Profile (Account <- Profile.AccountId), with ProfileDetails (Account <- Profile.AccountId <- ProfileDetails.Id) sharing its rows, tracked:")
            .And.Contain("retain Shipment.RecipientId -> Account (retained and anonymized: Shipping records are kept six years (commercial law)), in 2 statements on ExpressShipments, Shipments")
            .And.Contain("retain Subscription.SubscriberId -> Account (retained and anonymized: Subscriptions are kept for the accounting year), tracked: Subscription.Addresses.Line is not a column")
            .And.NotContain("delete ProfileDetails")
            .And.NotContain("delete Phone")
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
        after.Invoices.Should().Equal(
            new ErasureScenario.InvoiceRow("", false, 100m, "", null, ""),
            new ErasureScenario.InvoiceRow("Grace Hopper", true, 250m, "1 Navy Yard", "Arlington", "+1 202 555 0143"));
        after.Devices.Should().Equal("Grace's phone");
        after.Phones.Should().Equal("+1 202 555 0199");
        after.Laptops.Should().BeEmpty();
        after.PaymentMethods.Should().Equal("Grace's card");
        after.CardHolders.Should().Equal("G. Hopper");
        after.Ibans.Should().BeEmpty();
        after.Profiles.Should().Equal("@amazing-grace");
        after.ProfileDetails.Should().Equal("Compilers (grace.example)");
        after.Shipments.Should().Equal(["False ||900", "True Grace at the yard||400"], "a retained TPT row loses the personal data of both its tables");
        after.Subscriptions.Should().Equal(["False monthly: ; ", "True yearly: Grace's house, Arlington"], "a retained row's owned collection is made neutral, tracked");
        receipt.Steps.Where(s => s.Action == ErasureAction.Retain).Select(s => (s.Entity, s.Rows)).Should().BeEquivalentTo([("Invoice", 1), ("Shipment", 1), ("Subscription", 1)]);
        Rows(receipt, "Device", ErasureAction.Delete).Should().Be(2, "the tracked fallback deletes a phone and a laptop");
        Rows(receipt, "PaymentMethod", ErasureAction.Delete).Should().Be(2, "a card and a bank account, one statement per table");
        Rows(receipt, "Profile", ErasureAction.Delete).Should().Be(1);
        Rows(receipt, "ProfileDetails", ErasureAction.Delete).Should().Be(1, "the other half of the profile's row goes with it");
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
            new ErasureParticipantResult("consent ledger", true, "0 consent records kept as proof of consent (Art. 7(1)); they name the subject only by a keyed hash"),
            new ErasureParticipantResult("sessions", true, "0 sessions ended"),
            new ErasureParticipantResult("notifications", true, "0 queued messages dropped, 0 opt-in evidence references removed; no address to suppress or tell"),
            new ErasureParticipantResult("uploaded files", true, "2 files"),
            new ErasureParticipantResult("search index", false, nameof(TimeoutException)));
        (await Eraser.GetReceiptsAsync(_database.Ada)).Single().Participants.Should().Equal(receipt.Participants);
        (await SnapshotAsync()).Accounts.Should().ContainSingle().Which.Should().Be("Grace", "a failing participant does not undo the committed database erasure");
    }

    [Fact]
    public async Task Erase_AFailedParticipantStaysInTheJournal_AndTheNextErasureOfTheSubjectFinishesIt()
    {
        var first = await Eraser.EraseAsync(_database.Ada);
        (await JournalAsync()).Should().ContainSingle().Which.Pending.Should().Be("""["search index"]""", "only the failed participant is still owed");

        _searchIndex.Repaired = true;
        await Eraser.EraseAsync(_database.Ada);

        (await JournalAsync()).Should().BeEmpty();
        var receipts = await Eraser.GetReceiptsAsync(_database.Ada);
        receipts.Should().HaveCount(2);
        receipts[0].Id.Should().Be(first.Id);
        receipts[0].Participants.Select(p => (p.Name, p.Succeeded)).Should().Equal(
            ("consent ledger", true), ("sessions", true), ("notifications", true), ("uploaded files", true), ("search index", true));
        _files.ErasedFor.Should().Equal([_database.Ada, _database.Ada], "the first erasure's files participant had finished and did not run again; the second erasure ran its own");
    }

    [Fact]
    public async Task HostStart_FinishesWhatTheJournalHolds_AndCompletesTheReceipt()
    {
        var receipt = await Eraser.EraseAsync(_database.Ada);
        _searchIndex.Repaired = true;

        var service = _database.Services.GetServices<IHostedService>().OfType<ErasureJournalService>().Single();
        await service.StartAsync(TestContext.Current.CancellationToken);
        await service.ExecuteTask!;

        (await JournalAsync()).Should().BeEmpty();
        (await Eraser.GetReceiptsAsync(_database.Ada)).Should().ContainSingle().Which.Participants
            .Should().ContainSingle(p => p.Name == "search index").Which.Should().Be(new ErasureParticipantResult("search index", true, "1 document"));
        receipt.Participants.Single(p => p.Name == "search index").Succeeded.Should().BeFalse();
    }

    [Fact]
    public async Task Journal_KeepsTheSubjectIdEncrypted()
    {
        await Eraser.EraseAsync(_database.Ada);
        SqliteConnection.ClearAllPools();

        var file = await File.ReadAllBytesAsync(_database.FilePath);

        foreach (var id in (string[])[_database.Ada.ToString(), _database.Ada.ToString().ToUpperInvariant()])
        {
            file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(id)).Should().Be(-1, "the journal holds the erased subject's id only encrypted");
        }

        (await JournalAsync()).Should().ContainSingle().Which.SubjectId.Should().Be(_database.Ada.ToString(), "it decrypts for the participants");
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

        foreach (var value in (string[])["Ada's dog", "Ada's laptop", "analytical-engine", "Ada's card", "GB29 ADA0 1815 1210", "@countess", "ada.example", "Marylebone", "+44 20 7946 0018", "Ring twice", "Ada at St James's", "Ada's office"])
        {
            file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)).Should().Be(-1, $"secure_delete zeroes the freed rows and the retained invoice's values are overwritten ({value})");
        }

        foreach (var value in (string[])["Grace's cat", "Grace's phone", "Grace's card", "@amazing-grace", "grace.example", "Arlington", "+1 202 555 0143", "Grace at the yard", "Grace's house"])
        {
            file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)).Should().BeGreaterThan(-1, $"the search would see a readable value ({value})");
        }
    }

    /// <summary>
    /// Fails every write of the erasure in turn (set-based statements, the tracked fallback's saves,
    /// the receipt), until one run reaches no failing write and completes: that is the rerun.
    /// </summary>
    [Fact]
    public async Task Erase_FailingAtAnyWrite_ChangesNothing_AndARerunCompletes()
    {
        var before = await SnapshotAsync();
        var steps = Eraser.DescribePlan().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length - 1;
        var failedAt = await _failure.FailEachWriteAsync(
            () => Eraser.EraseAsync(_database.Ada),
            async write => (await SnapshotAsync()).Should().BeEquivalentTo(before, $"a failure at write {write} rolls everything back"));

        failedAt.Distinct().Should().Equal(
            Enumerable.Range(1, steps).Select(n => $"at step {n}").Concat(["in the sessions part", "in the notifications part", "storing its receipt"]),
            "every step's writes, and the library's own parts in the same transaction, failed in turn");
        failedAt.Should().HaveCountGreaterThan(steps + 1, "the tracked steps save a statement per row and table");
        (await SnapshotAsync()).Accounts.Should().Equal("Grace");
    }

    [Fact]
    public async Task Erase_UnderARetryingStrategy_RetriesATransientFailure_AndErasesOnce()
    {
        var failure = new FailingStatement();
        await using var database = await ErasureDatabase.CreateAsync(executionStrategy: d => new RetryingOnInjectedFailures(d), interceptors: failure);
        var eraser = database.Services.GetRequiredService<IPersonalDataEraser>();
        failure.FailAt(3);

        var receipt = await eraser.EraseAsync(database.Ada);

        failure.Failed.Should().BeTrue("the third write failed, and the strategy ran the erasure again");
        (await database.WithContextAsync(db => ErasureScenario.SnapshotAsync(db, database.Grace))).Accounts.Should().Equal("Grace");
        (await eraser.GetReceiptsAsync(database.Ada)).Should().ContainSingle().Which.Id.Should().Be(receipt.Id);
    }

    [Fact]
    public async Task Erase_UnderARetryingStrategy_ACommitThatLandedButReportedFailure_IsNotRunTwice()
    {
        var commit = new FailAfterFirstCommit();
        await using var database = await ErasureDatabase.CreateAsync(executionStrategy: d => new RetryingOnInjectedFailures(d), interceptors: commit);
        var eraser = database.Services.GetRequiredService<IPersonalDataEraser>();
        commit.Armed = true;

        var receipt = await eraser.EraseAsync(database.Ada);

        commit.Failed.Should().BeTrue();
        receipt.Steps.Sum(s => s.Rows).Should().BeGreaterThan(0, "the strategy found the landed attempt's receipt instead of erasing again");
        (await eraser.GetReceiptsAsync(database.Ada)).Should().ContainSingle().Which.Id.Should().Be(receipt.Id);
    }

    private static int Rows(ErasureReceipt receipt, string entity, ErasureAction action)
        => receipt.Steps.Where(s => s.Entity == entity && s.Action == action).Sum(s => s.Rows);

    private Task<ErasureScenario.Snapshot> SnapshotAsync() => _database.WithContextAsync(db => ErasureScenario.SnapshotAsync(db, _database.Grace));

    /// <summary>Retries what <see cref="FailingStatement"/> injects, as a provider's strategy retries a transient error.</summary>
    private sealed class RetryingOnInjectedFailures(ExecutionStrategyDependencies dependencies)
        : ExecutionStrategy(dependencies, maxRetryCount: 2, maxRetryDelay: TimeSpan.FromMilliseconds(50))
    {
        protected override bool ShouldRetryOn(Exception exception) => exception.Message.StartsWith("Injected failure", StringComparison.Ordinal);
    }

    /// <summary>Reports the first commit as failed after it landed, as a connection lost while the server committed would.</summary>
    private sealed class FailAfterFirstCommit : DbTransactionInterceptor
    {
        public bool Armed { get; set; }

        public bool Failed { get; private set; }

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (Armed && !Failed)
            {
                Failed = true;
                throw new InvalidOperationException("Injected failure after the commit landed.");
            }

            return Task.CompletedTask;
        }
    }

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

    private Task<List<GdprErasureJournalEntry>> JournalAsync()
        => _database.WithContextAsync(db => db.Set<GdprErasureJournalEntry>().AsNoTracking().ToListAsync());

    /// <summary>Times out until it is <see cref="Repaired"/>.</summary>
    private sealed class SearchIndex : IErasureParticipant
    {
        public bool Repaired { get; set; }

        public string Name => "search index";

        public Task<string> EraseAsync(object subjectId, CancellationToken cancellationToken)
            => Repaired ? Task.FromResult("1 document") : throw new TimeoutException($"The index did not answer for {subjectId}.");
    }
}
