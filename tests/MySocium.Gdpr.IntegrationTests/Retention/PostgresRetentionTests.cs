using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MySocium.Gdpr.IntegrationTests.Infrastructure;
using MySocium.Gdpr.Keys;
using MySocium.Gdpr.Retention;
using MySocium.Gdpr.Tests.Retention;
using Npgsql;

namespace MySocium.Gdpr.IntegrationTests.Retention;

/// <summary>The retention scenario on PostgreSQL, where instances coordinate through an advisory lock.</summary>
public sealed class PostgresRetentionTests(PostgresServer postgres) : RetentionScenarioTests
{
    private string _connectionString = "";

    public override async ValueTask InitializeAsync()
    {
        _connectionString = await postgres.CreateDatabaseAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
    }

    [Fact]
    public async Task Prune_FourInstancesAtOnce_ProcessEachRowOnceWithoutErrors()
    {
        var instances = new List<IServiceProvider>();
        for (var i = 0; i < 4; i++)
        {
            instances.Add(await InstanceAsync(o => o.BatchSize = 50));
        }

        await SeedAsync(instances[0], [.. Rows(200, Start.AddDays(-40)), .. Rows(200, Start.AddDays(-10)), .. Rows(200, Start)]);
        for (var i = 0; i < 5; i++)
        {
            await SeedAsync(instances[0], [.. Rows(200, Start.AddDays(-40)), .. Rows(200, Start.AddDays(-10))]);
        }

        // Whoever takes the lock holds it, after its first batch, until every other instance has
        // tried and found it taken; an instance that ran without the lock would wait here too and
        // the counts below would show it.
        var refused = 0;
        using var othersRefused = new ManualResetEventSlim();
        var holdFirstBatch = new SynchronousProgress<RetentionReport>(_ => othersRefused.Wait(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
        using var start = new Barrier(instances.Count);
        var runs = instances.Select(instance => Task.Run(async () =>
        {
            start.SignalAndWait(TestContext.Current.CancellationToken);
            var first = await instance.GetRequiredService<IRetentionPruner>().PruneAsync(holdFirstBatch, TestContext.Current.CancellationToken);
            if (!first.Ran && Interlocked.Increment(ref refused) == instances.Count - 1)
            {
                othersRefused.Set();
            }

            List<RetentionReport> reports = [first];
            for (var run = 1; run < 3; run++)
            {
                reports.Add(await PruneAsync(instance));
            }

            return reports;
        }));

        var reports = (await Task.WhenAll(runs)).SelectMany(r => r).ToList();

        othersRefused.IsSet.Should().BeTrue("the three other instances found the lock taken while the first one worked");
        reports.Sum(r => r.Deleted).Should().Be(1_200);
        reports.Sum(r => r.Anonymized).Should().Be(1_200);
        reports.Should().Contain(r => r.Ran && r.Deleted == 1_200 && r.Anonymized == 1_200, "one instance did all of the work while holding the lock");
        var ips = await IpsAsync(instances[0]);
        ips.Should().HaveCount(1_400);
        ips.Count(ip => ip!.EndsWith(".0", StringComparison.Ordinal)).Should().Be(1_200);
    }

    [Fact]
    public async Task Prune_WhileAnotherSessionHoldsTheAdvisoryLock_SkipsUntilItIsReleased_AndLogsTheSkip()
    {
        await using var instance = Services().AddFakeLogging().BuildServiceProvider();
        await instance.GetRequiredService<IGdprKeyRing>().LoadAsync();
        await SeedAsync(instance, [.. Rows(3, Start.AddDays(-40))]);
        await using var other = new NpgsqlConnection(_connectionString);
        await other.OpenAsync(TestContext.Current.CancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(5582584950974538834)", other))
        {
            await take.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        (await PruneAsync(instance)).Should().Match<RetentionReport>(r => !r.Ran && r.HeldUntil == null, "PostgreSQL does not say when another session will release its lock");
        instance.GetFakeLogCollector().GetSnapshot().Should().ContainSingle(r => r.Id.Id == 51).Which.Level.Should().Be(LogLevel.Information);

        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", other))
        {
            await release.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        (await PruneAsync(instance)).Should().Match<RetentionReport>(r => r.Ran && r.Deleted == 3);
    }

    protected override DbContextOptionsBuilder UseDatabase(DbContextOptionsBuilder options) => options.UseNpgsql(_connectionString);
}
