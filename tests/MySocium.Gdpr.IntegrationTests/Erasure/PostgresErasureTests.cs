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
        after.Invoices.Should().Equal(("", false, 100m), ("Grace Hopper", true, 250m));
        receipt.NothingFound.Should().BeFalse();
        var everything = await _database.AllRowsAsTextAsync();
        everything.Should().Contain(_database.Grace.ToString()).And.Contain("Grace's cat", "the scan reads every table");
        everything.Should().NotContain(_database.Ada.ToString()).And.NotContain("Ada's dog");
    }

    [Fact]
    public async Task Erase_FailingAtAnyStatement_ChangesNothing_AndARerunCompletes()
    {
        var before = await _database.WithContextAsync(db => ErasureScenario.SnapshotAsync(db, _database.Grace));
        var statements = (await Eraser.PreviewAsync(_database.Ada)).Steps.Count;

        for (var failAt = 1; failAt <= statements; failAt++)
        {
            _failure.FailAt(failAt);
            var erase = () => Eraser.EraseAsync(_database.Ada);

            (await erase.Should().ThrowAsync<ErasureException>()).Which.Message.Should().Contain($"step {failAt} ");
            _failure.FailAt(0);
            (await _database.WithContextAsync(db => ErasureScenario.SnapshotAsync(db, _database.Grace))).Should().BeEquivalentTo(before);
        }

        (await Eraser.EraseAsync(_database.Ada)).NothingFound.Should().BeFalse();
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
