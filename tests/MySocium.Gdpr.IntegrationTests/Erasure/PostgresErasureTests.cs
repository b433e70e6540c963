using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.IntegrationTests.Infrastructure;
using MySocium.Gdpr.Tests.Erasure;

namespace MySocium.Gdpr.IntegrationTests.Erasure;

/// <summary>Erasure on a real PostgreSQL server, over the model with every shape (all foreign keys Restrict).</summary>
public sealed class PostgresErasureTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly FailingStatement _failure = new();
    private PostgresErasureDatabase _database = null!;

    private IPersonalDataEraser Eraser => _database.Eraser;

    public async ValueTask InitializeAsync() => _database = await PostgresErasureDatabase.CreateAsync(postgres, interceptors: _failure);

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Erase_LeavesNoValueOfTheSubjectInAnyColumnOfAnyTable_AndOthersUntouched()
    {
        var receipt = await Eraser.EraseAsync(_database.Ada);

        var after = await _database.WithContextAsync(db => ErasureScenario.SnapshotAsync(db, _database.Grace));
        after.Accounts.Should().Equal("Grace");
        after.Posts.Should().Equal("grace's post");
        after.Comments.Should().Equal("grace on grace");
        after.Pets.Should().Equal("Grace's cat");
        after.Invoices.Should().Equal(
            new ErasureScenario.InvoiceRow("", false, 100m, "", null, ""),
            new ErasureScenario.InvoiceRow("Grace Hopper", true, 250m, "1 Navy Yard", "Arlington", "+1 202 555 0143"));
        after.Devices.Should().Equal("Grace's phone");
        after.Phones.Should().Equal("+1 202 555 0199");
        after.PaymentMethods.Should().Equal("Grace's card");
        after.Ibans.Should().BeEmpty();
        after.Profiles.Should().Equal("@amazing-grace");
        after.ProfileDetails.Should().Equal("Compilers (grace.example)");
        after.Shipments.Should().Equal(["False ||900", "True Grace at the yard||400"]);
        after.Subscriptions.Should().Equal(["False monthly: ; ", "True yearly: Grace's house, Arlington"]);
        receipt.NothingFound.Should().BeFalse();
        var everything = await _database.AllRowsAsTextAsync();
        everything.Should().Contain(_database.Grace.ToString()).And.Contain("Grace's cat", "the scan reads every table");
        everything.Should().Contain("Grace's phone").And.Contain("Grace's card").And.Contain("grace.example").And.Contain("Arlington").And.Contain("Grace at the yard", "the scan reads the new shapes' tables");
        everything.Should().NotContain(_database.Ada.ToString()).And.NotContain("Ada's dog");
        foreach (var value in (string[])["Ada's laptop", "analytical-engine", "Ada's card", "GB29 ADA0 1815 1210", "@countess", "ada.example", "Marylebone", "+44 20 7946 0018", "Ring twice", "Ada at St James's", "Ada's office"])
        {
            everything.Should().NotContain(value, "TPT, TPC and split rows go, and the retained invoice's owned and complex values are overwritten");
        }
    }

    /// <summary>Fails every write of the erasure's transaction in turn, the tracked fallback's batches included, until a run completes.</summary>
    [Fact]
    public async Task Erase_FailingAtAnyWrite_ChangesNothing_AndARerunCompletes()
    {
        var before = await _database.WithContextAsync(db => ErasureScenario.SnapshotAsync(db, _database.Grace));
        var steps = Eraser.DescribePlan().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length - 1;
        var failedAt = await _failure.FailEachWriteAsync(
            () => Eraser.EraseAsync(_database.Ada),
            async write => (await _database.WithContextAsync(db => ErasureScenario.SnapshotAsync(db, _database.Grace))).Should().BeEquivalentTo(before, $"a failure at write {write} rolls everything back"));

        failedAt.Distinct().Should().Equal(
            Enumerable.Range(1, steps).Select(n => $"at step {n}").Concat(["in the sessions part", "in the notifications part", "storing its receipt"]),
            "every step's writes, and the library's own parts in the same transaction, failed in turn");
        (await Eraser.EraseAsync(_database.Ada)).NothingFound.Should().BeTrue();
    }

    [Fact]
    public async Task Erase_ConcurrentlyTwice_OneErasesTheOtherFindsNothing()
    {
        var receipts = await Task.WhenAll(Eraser.EraseAsync(_database.Ada), Eraser.EraseAsync(_database.Ada));

        receipts.Count(r => !r.NothingFound).Should().Be(1);
        receipts.Count(r => r.NothingFound).Should().Be(1);
    }
}
