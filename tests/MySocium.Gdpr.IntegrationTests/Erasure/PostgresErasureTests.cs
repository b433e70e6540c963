using System.Security.Cryptography;
using System.Text.RegularExpressions;
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
        var everything = await AllRowsAsTextAsync();
        everything.Should().Contain(_grace.ToString()).And.Contain("Grace's cat", "the scan reads every table");
        everything.Should().Contain("Grace's phone").And.Contain("Grace's card").And.Contain("grace.example").And.Contain("Arlington").And.Contain("Grace at the yard", "the scan reads the new shapes' tables");
        everything.Should().NotContain(_ada.ToString()).And.NotContain("Ada's dog");
        foreach (var value in (string[])["Ada's laptop", "analytical-engine", "Ada's card", "GB29 ADA0 1815 1210", "@countess", "ada.example", "Marylebone", "+44 20 7946 0018", "Ring twice", "Ada at St James's", "Ada's office"])
        {
            everything.Should().NotContain(value, "TPT, TPC and split rows go, and the retained invoice's owned and complex values are overwritten");
        }
    }

    /// <summary>Fails every write of the erasure's transaction in turn, the tracked fallback's batches included, until a run completes.</summary>
    [Fact]
    public async Task Erase_FailingAtAnyWrite_ChangesNothing_AndARerunCompletes()
    {
        var before = await WithContextAsync(db => ErasureScenario.SnapshotAsync(db, _grace));
        var steps = Eraser.DescribePlan().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length - 1;
        var failedAt = new List<string>();

        for (var write = 1; ; write++)
        {
            _failure.FailAt(write);
            var failure = await FailureOfAsync(() => Eraser.EraseAsync(_ada));
            if (!_failure.Failed)
            {
                failure.Should().BeNull();
                break;
            }

            failure.Should().NotBeNull($"write {write} failed");
            failedAt.Add(Regex.Match(failure!.Message, @"^Erasure failed (at step \d+|storing its receipt)").Groups[1].Value);
            (await WithContextAsync(db => ErasureScenario.SnapshotAsync(db, _grace))).Should().BeEquivalentTo(before, $"a failure at write {write} rolls everything back");
        }

        _failure.FailAt(0);
        failedAt.Distinct().Should().Equal(Enumerable.Range(1, steps).Select(n => $"at step {n}").Append("storing its receipt"), "every step's writes failed in turn");
        (await Eraser.EraseAsync(_ada)).NothingFound.Should().BeTrue();
    }

    [Fact]
    public async Task Erase_ConcurrentlyTwice_OneErasesTheOtherFindsNothing()
    {
        var receipts = await Task.WhenAll(Eraser.EraseAsync(_ada), Eraser.EraseAsync(_ada));

        receipts.Count(r => !r.NothingFound).Should().Be(1);
        receipts.Count(r => r.NothingFound).Should().Be(1);
    }

    private static async Task<ErasureException?> FailureOfAsync(Func<Task> erase)
    {
        try
        {
            await erase();
            return null;
        }
        catch (ErasureException e)
        {
            return e;
        }
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
