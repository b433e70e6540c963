using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.IntegrationTests.Infrastructure;
using MySocium.Gdpr.Keys;
using MySocium.Gdpr.Tests.Erasure;
using Npgsql;

namespace MySocium.Gdpr.IntegrationTests.Erasure;

/// <summary>Erasure on a real PostgreSQL server, over the model with every shape (all foreign keys Restrict).</summary>
public sealed class PostgresErasureTests(PostgresServer postgres) : IAsyncLifetime
{
    private readonly Guid _ada = Guid.NewGuid();
    private readonly Guid _grace = Guid.NewGuid();
    private readonly FailingStatement _failure = new();
    private string _connectionString = "";
    private ServiceProvider _services = null!;

    private IPersonalDataEraser Eraser => _services.GetRequiredService<IPersonalDataEraser>();

    public async ValueTask InitializeAsync()
    {
        _connectionString = await postgres.CreateDatabaseAsync();
        var services = new ServiceCollection();
        services.AddMySociumGdpr(o => o.Encryption.RootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .AddEntityFrameworkStores<ErasureContext>()
            .AddSubject<Account>();
        services.AddDbContext<ErasureContext>((sp, o) => o.UseNpgsql(_connectionString).UseMySociumGdpr(sp).AddInterceptors(_failure));
        _services = services.BuildServiceProvider();
        await WithContextAsync(async db =>
        {
            await db.Database.EnsureDeletedAsync();
            await db.Database.EnsureCreatedAsync();
        });
        await _services.GetRequiredService<IGdprKeyRing>().LoadAsync();
        await WithContextAsync(db => ErasureScenario.SeedAsync(db, _ada, _grace));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
    }

    [Fact]
    public async Task Erase_LeavesNoValueOfTheSubjectInAnyColumnOfAnyTable_AndOthersUntouched()
    {
        var receipt = await Eraser.EraseAsync(_ada);

        var after = await WithContextAsync(db => ErasureScenario.SnapshotAsync(db, _grace));
        after.Accounts.Should().Equal("Grace");
        after.Posts.Should().Equal("grace's post");
        after.Comments.Should().Equal("grace on grace");
        after.Pets.Should().Equal("Grace's cat");
        after.Invoices.Should().Equal(("", false, 100m), ("Grace Hopper", true, 250m));
        receipt.NothingFound.Should().BeFalse();
        var everything = await AllRowsAsTextAsync();
        everything.Should().Contain(_grace.ToString()).And.Contain("Grace's cat", "the scan reads every table");
        everything.Should().NotContain(_ada.ToString()).And.NotContain("Ada's dog");
    }

    [Fact]
    public async Task Erase_FailingAtAnyStatement_ChangesNothing_AndARerunCompletes()
    {
        var before = await WithContextAsync(db => ErasureScenario.SnapshotAsync(db, _grace));
        var statements = (await Eraser.PreviewAsync(_ada)).Steps.Count;

        for (var failAt = 1; failAt <= statements; failAt++)
        {
            _failure.FailAt(failAt);
            var erase = () => Eraser.EraseAsync(_ada);

            (await erase.Should().ThrowAsync<ErasureException>()).Which.Message.Should().Contain($"step {failAt} ");
            _failure.FailAt(0);
            (await WithContextAsync(db => ErasureScenario.SnapshotAsync(db, _grace))).Should().BeEquivalentTo(before);
        }

        (await Eraser.EraseAsync(_ada)).NothingFound.Should().BeFalse();
        (await Eraser.EraseAsync(_ada)).NothingFound.Should().BeTrue();
    }

    [Fact]
    public async Task Erase_ConcurrentlyTwice_OneErasesTheOtherFindsNothing()
    {
        var receipts = await Task.WhenAll(Eraser.EraseAsync(_ada), Eraser.EraseAsync(_ada));

        receipts.Count(r => !r.NothingFound).Should().Be(1);
        receipts.Count(r => r.NothingFound).Should().Be(1);
    }

    /// <summary>Every row of every table as text (bytea as hex), as someone reading the database would see it.</summary>
    private async Task<string> AllRowsAsTextAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var rows = new NpgsqlCommand($"SELECT coalesce(string_agg(t::text, ''), '') FROM \"{table}\" t", connection);
            text.Append(await rows.ExecuteScalarAsync());
        }

        return text.ToString();
    }

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
}
