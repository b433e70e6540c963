using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using MySocium.Gdpr.Encryption;
using MySocium.Gdpr.Keys;
using MySocium.Gdpr.Retention;

namespace MySocium.Gdpr.Tests.Retention;

/// <summary>
/// The retention pruner over <see cref="LoginRecord"/> (anonymize after 7 days, delete after 30) on a
/// fake clock. Provider-neutral: a derived class names the database, so SQLite and PostgreSQL run the
/// same tests. Each instance is a service provider of its own, as an app instance would be.
/// </summary>
public abstract class RetentionScenarioTests : IAsyncLifetime
{
    protected static readonly DateTime Start = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private readonly List<ServiceProvider> _instances = [];
    private readonly string _rootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(Start));

    public virtual async ValueTask InitializeAsync()
    {
        await using var scope = Services().BuildServiceProvider().CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RetentionContext>();
        await db.Database.EnsureDeletedAsync();
        await db.Database.EnsureCreatedAsync();
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
    }

    [Fact]
    public async Task Prune_AtTheThresholds_AnonymizesAfterSevenDaysAndDeletesAfterThirty()
    {
        var instance = await InstanceAsync();
        await SeedAsync(instance, new LoginRecord { At = Start, Ip = "203.0.113.77" });

        Time.SetUtcNow(Start.AddDays(7));
        (await PruneAsync(instance)).Anonymized.Should().Be(0);
        (await IpsAsync(instance)).Should().Equal(["203.0.113.77"]);

        Time.Advance(TimeSpan.FromMilliseconds(1));
        (await PruneAsync(instance)).Anonymized.Should().Be(1);
        (await IpsAsync(instance)).Should().Equal(["203.0.113.0"]);

        Time.SetUtcNow(Start.AddDays(30));
        (await PruneAsync(instance)).Deleted.Should().Be(0);
        (await IpsAsync(instance)).Should().HaveCount(1);

        Time.Advance(TimeSpan.FromMilliseconds(1));
        (await PruneAsync(instance)).Deleted.Should().Be(1);
        (await IpsAsync(instance)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0")]
    [InlineData("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::")]
    [InlineData("::ffff:198.51.100.23", "::ffff:198.51.100.0")]
    [InlineData("fe80::1", "fe80::")]
    [InlineData("198.51.100.0", "198.51.100.0")]
    public async Task Prune_AddressOfEveryShape_KeepsItsNetworkPrefix(string raw, string expected)
    {
        var instance = await InstanceAsync();
        var address = IPAddress.Parse(raw);
        await SeedAsync(instance, new LoginRecord { At = Start, Ip = raw, SecretIp = raw, IpBytes = address.GetAddressBytes(), SecretAddress = address });
        Time.SetUtcNow(Start.AddDays(8));

        var report = await PruneAsync(instance);

        report.Anonymized.Should().Be(raw == expected ? 0 : 1);
        report.Entities.Single().Malformed.Should().Be(0);
        var row = await WithContextAsync(instance, db => db.Logins.AsNoTracking().SingleAsync());
        row.Ip.Should().Be(expected);
        row.SecretIp.Should().Be(expected);
        row.IpBytes.Should().Equal(IPAddress.Parse(expected).GetAddressBytes());
        row.SecretAddress.Should().Be(IPAddress.Parse(expected));
    }

    [Theory]
    [InlineData("not-an-ip")]
    [InlineData("10")]
    [InlineData("203.0.113.77:443")]
    [InlineData("999.1.1.1")]
    [InlineData("")]
    public async Task Prune_MalformedValues_AreNulledAndCounted(string malformed)
    {
        var instance = await InstanceAsync();
        await SeedAsync(instance, new LoginRecord { At = Start, Ip = malformed, SecretIp = malformed, IpBytes = [1, 2, 3] });
        Time.SetUtcNow(Start.AddDays(8));

        var report = await PruneAsync(instance);

        report.Anonymized.Should().Be(1);
        report.Entities.Single().Malformed.Should().Be(3);
        var row = await WithContextAsync(instance, db => db.Logins.AsNoTracking().SingleAsync());
        new object?[] { row.Ip, row.SecretIp, row.IpBytes, row.SecretAddress }.Should().OnlyContain(v => v == null);
    }

    [Fact]
    public async Task Prune_EncryptedColumn_StoresANewEnvelopeOfTheTruncatedAddressOnly()
    {
        var instance = await InstanceAsync();
        await SeedAsync(instance, new LoginRecord { At = Start, SecretIp = "203.0.113.77" });
        var before = await StoredSecretIpAsync(instance);
        Time.SetUtcNow(Start.AddDays(8));

        await PruneAsync(instance);

        var after = await StoredSecretIpAsync(instance);
        after.Should().NotEqual(before);
        Encoding.ASCII.GetString(after).Should().NotContain("203.0.113");
        (await WithContextAsync(instance, db => db.Logins.Select(l => l.SecretIp).SingleAsync())).Should().Be("203.0.113.0");
    }

    [Fact]
    public async Task Prune_AnEncryptedValueThatCannotBeDecrypted_IsNulledAndCounted_AndTheRunGoesOn()
    {
        var instance = await InstanceAsync();
        await SeedAsync(instance, new LoginRecord { At = Start, SecretIp = "203.0.113.77" }, new LoginRecord { At = Start, SecretIp = "198.51.100.23" });
        var envelope = await StoredSecretIpAsync(instance, 1);
        envelope[^1] ^= 1;
        await WithContextAsync(instance, db => db.Database.ExecuteSqlAsync($"UPDATE \"Logins\" SET \"SecretIp\" = {envelope} WHERE \"Id\" = 1"));
        Time.SetUtcNow(Start.AddDays(8));

        var report = await PruneAsync(instance);

        report.Entities.Single().Should().Match<RetentionEntityReport>(r => r.Anonymized == 2 && r.Malformed == 1);
        (await WithContextAsync(instance, db => db.Logins.OrderBy(l => l.Id).Select(l => l.SecretIp).ToListAsync())).Should().Equal([null, "198.51.100.0"]);
    }

    [Fact]
    public async Task Prune_AnEncryptedValueUnderAKeyThisInstanceDoesNotHold_StopsTheRun_AndErasesNothing()
    {
        var instance = await InstanceAsync();
        await SeedAsync(instance, new LoginRecord { At = Start, SecretIp = "203.0.113.77" });
        var envelope = await StoredSecretIpAsync(instance, 1);
        envelope.AsSpan(2, 4).Fill(0x7f);
        await WithContextAsync(instance, db => db.Database.ExecuteSqlAsync($"UPDATE \"Logins\" SET \"SecretIp\" = {envelope} WHERE \"Id\" = 1"));
        Time.SetUtcNow(Start.AddDays(8));

        var prune = () => PruneAsync(instance);

        await prune.Should().ThrowAsync<PersonalDataDecryptionException>().WithMessage("*the database holds no data key with this id*");
        (await StoredSecretIpAsync(instance, 1)).Should().Equal(envelope, "a value another instance may hold the key of is not erased");
    }

    [Fact]
    public async Task Prune_Configured_OverridesTheAttributeAndTruncatesToTheConfiguredPrefixes()
    {
        var instance = await InstanceAsync(o =>
        {
            o.IPv4PrefixLength = 16;
            o.IPv6PrefixLength = 32;
            o.Entities[nameof(LoginRecord)] = new GdprRetentionEntityOptions { AnonymizeAfter = TimeSpan.FromDays(1), DeleteAfter = TimeSpan.FromDays(2) };
        });
        await SeedAsync(
            instance,
            new LoginRecord { At = Start, Ip = "203.0.113.77" },
            new LoginRecord { At = Start, Ip = "2001:db8:85a3::1" },
            new LoginRecord { At = Start.AddDays(-2), Ip = "192.0.2.1" });
        Time.SetUtcNow(Start.AddDays(1).AddMilliseconds(1));

        var report = await PruneAsync(instance);

        report.Should().Match<RetentionReport>(r => r.Anonymized == 2 && r.Deleted == 1);
        (await IpsAsync(instance)).Should().BeEquivalentTo(["203.0.0.0", "2001:db8::"]);
        instance.GetRequiredService<IRetentionPruner>().Policies.Should().BeEquivalentTo([
            new RetentionPolicy(nameof(LoginRecord), nameof(LoginRecord.At), ["Ip", "IpBytes", "SecretIp", "SecretAddress", "IndexedIp"], TimeSpan.FromDays(1), TimeSpan.FromDays(2))]);
    }

    [Fact]
    public async Task Prune_DropMode_NullsEveryAddress()
    {
        var instance = await InstanceAsync(o => o.Anonymization = IpAddressAnonymization.Drop);
        var address = IPAddress.Parse("203.0.113.77");
        await SeedAsync(instance, new LoginRecord { At = Start, Ip = "203.0.113.77", SecretIp = "::1", IpBytes = address.GetAddressBytes(), SecretAddress = address, IndexedIp = "203.0.113.77" });
        Time.SetUtcNow(Start.AddDays(8));

        (await PruneAsync(instance)).Anonymized.Should().Be(1);

        var row = await WithContextAsync(instance, db => db.Logins.AsNoTracking().SingleAsync());
        new object?[] { row.Ip, row.SecretIp, row.IpBytes, row.SecretAddress, row.IndexedIp }.Should().OnlyContain(v => v == null);
        (await WithContextAsync(instance, db => db.Logins.CountAsync(l => l.IndexedIp == "203.0.113.77"))).Should().Be(0, "the blind index is gone with the address");
    }

    [Fact]
    public async Task Prune_SearchableColumn_RewritesTheBlindIndex_SoOnlyTheTruncatedAddressIsFound()
    {
        var instance = await InstanceAsync();
        await SeedAsync(
            instance,
            new LoginRecord { At = Start, IndexedIp = "203.0.113.77" },
            new LoginRecord { At = Start.AddDays(5), IndexedIp = "198.51.100.9" });
        Time.SetUtcNow(Start.AddDays(8));

        (await PruneAsync(instance)).Anonymized.Should().Be(1);

        (await WithContextAsync(instance, db => db.Logins.CountAsync(l => l.IndexedIp == "203.0.113.77"))).Should().Be(0, "the raw address no longer finds the row");
        (await WithContextAsync(instance, db => db.Logins.CountAsync(l => l.IndexedIp == "203.0.113.0"))).Should().Be(1);
        (await WithContextAsync(instance, db => db.Logins.CountAsync(l => l.IndexedIp == "198.51.100.9"))).Should().Be(1, "a recent row keeps its address");
    }

    [Fact]
    public async Task Prune_DeletesOldestFirst_InBatchesOfAtMostTheBatchSize_EvenWhenTimestampsTie()
    {
        var instance = await InstanceAsync(o =>
        {
            o.BatchSize = 3;
            o.BatchesPerTransaction = 1;
        });
        await SeedAsync(instance, [
            .. Rows(5, Start.AddDays(-50)),
            .. new[] { -45, -44, -43, -42, -41 }.Select(days => new LoginRecord { At = Start.AddDays(days), Ip = $"198.51.100.{-days}" }),
            .. Rows(2, Start.AddDays(-10))]);
        var deletedSoFar = new List<long>();
        var progress = new SynchronousProgress<RetentionReport>(r =>
        {
            if (r.Entities[^1].Deleted is var deleted && deleted != deletedSoFar.LastOrDefault())
            {
                deletedSoFar.Add(deleted);
            }
        });

        await instance.GetRequiredService<IRetentionPruner>().PruneAsync(progress);

        deletedSoFar.Should().Equal([3, 6, 9, 10], "five rows share the oldest timestamp, then the batches are bounded by timestamp");
        (await IpsAsync(instance)).Should().HaveCount(2).And.OnlyContain(ip => ip == "203.0.113.0");
    }

    [Fact]
    public async Task Prune_Twice_SecondRunChangesNothing_AndRowsOfOtherEntitiesStay()
    {
        var instance = await InstanceAsync(o => o.BatchSize = 4);
        await SeedAsync(instance, [.. Rows(10, Start.AddDays(-40)), .. Rows(10, Start.AddDays(-10)), .. Rows(10, Start)]);
        await WithContextAsync(instance, db =>
        {
            db.Kept.Add(new KeptRecord { At = Start.AddDays(-400), Ip = "192.0.2.1" });
            return db.SaveChangesAsync();
        });

        var first = await PruneAsync(instance);
        var second = await PruneAsync(instance);

        first.Should().Match<RetentionReport>(r => r.Anonymized == 10 && r.Deleted == 10);
        second.Should().Match<RetentionReport>(r => r.Ran && r.Anonymized == 0 && r.Deleted == 0);
        (await IpsAsync(instance)).Should().HaveCount(20).And.Contain("203.0.113.0").And.Contain(i => i!.StartsWith("203.0.113.1", StringComparison.Ordinal));
        (await WithContextAsync(instance, db => db.Kept.Select(k => k.Ip).SingleAsync())).Should().Be("192.0.2.1");
    }

    [Fact]
    public async Task Prune_InterruptedBetweenTransactions_TheNextRunFinishesTheWork()
    {
        var instance = await InstanceAsync(o =>
        {
            o.BatchSize = 3;
            o.BatchesPerTransaction = 2;
        });
        await SeedAsync(instance, [.. Rows(7, Start.AddDays(-40)), .. Rows(10, Start.AddDays(-10))]);
        using var crash = new CancellationTokenSource();
        RetentionReport? lastSeen = null;
        var progress = new SynchronousProgress<RetentionReport>(r =>
        {
            lastSeen = r;
            if (r.Anonymized > 0)
            {
                crash.Cancel();
            }
        });

        var interrupted = () => instance.GetRequiredService<IRetentionPruner>().PruneAsync(progress, crash.Token);

        await interrupted.Should().ThrowAsync<OperationCanceledException>();
        lastSeen!.Should().Match<RetentionReport>(r => r.Anonymized == 6 && r.Deleted == 7);
        (await IpsAsync(instance)).Count(ip => ip == "203.0.113.0").Should().Be(6);

        var resumed = await PruneAsync(instance);

        resumed.Should().Match<RetentionReport>(r => r.Ran && r.Anonymized == 4 && r.Deleted == 0);
        (await IpsAsync(instance)).Should().HaveCount(10).And.OnlyContain(ip => ip == "203.0.113.0");
    }

    [Fact]
    public async Task Prune_CountsOnTheMeter_AndLogsOneLineWithoutAddresses()
    {
        await using var instance = Services().AddFakeLogging().BuildServiceProvider();
        await instance.GetRequiredService<IGdprKeyRing>().LoadAsync();
        var meters = instance.GetRequiredService<IMeterFactory>();
        using var anonymized = new MetricCollector<long>(meters, GdprMeter.Name, "mysocium.gdpr.retention.anonymized");
        using var malformed = new MetricCollector<long>(meters, GdprMeter.Name, "mysocium.gdpr.retention.malformed");
        using var deleted = new MetricCollector<long>(meters, GdprMeter.Name, "mysocium.gdpr.retention.deleted");
        using var duration = new MetricCollector<double>(meters, GdprMeter.Name, "mysocium.gdpr.retention.duration");
        await SeedAsync(instance, [
            .. Rows(2, Start.AddDays(-40)),
            .. Rows(3, Start.AddDays(-10)),
            new LoginRecord { At = Start.AddDays(-10), Ip = "198.51.100.23" },
            new LoginRecord { At = Start.AddDays(-10), Ip = "not an address" }]);

        var report = await PruneAsync(instance);

        report.Entities.Should().ContainSingle(e => e.Entity == nameof(LoginRecord)).Which.Should().Be(new RetentionEntityReport(nameof(LoginRecord), 5, 1, 2));
        static long Total(MetricCollector<long> collector)
            => collector.GetMeasurementSnapshot().Where(m => Equals(m.Tags["entity"], nameof(LoginRecord))).Sum(m => m.Value);
        Total(deleted).Should().Be(2);
        Total(anonymized).Should().Be(5);
        Total(malformed).Should().Be(1);
        duration.GetMeasurementSnapshot().Should().ContainSingle();
        var logged = instance.GetFakeLogCollector().GetSnapshot();
        logged.Should().ContainSingle(r => r.Id.Id == 50).Which.Message.Should().ContainAll("deleted 2 rows", "anonymized 5 rows", "(1 values");
        logged.Should().NotContain(r => r.Message.Contains("203.0.113.") || r.Message.Contains("198.51.100.") || r.Message.Contains("not an address"));
    }

    protected abstract DbContextOptionsBuilder UseDatabase(DbContextOptionsBuilder options);

    /// <summary>An app instance: its own service provider over the shared database, clock and root key.</summary>
    protected async Task<ServiceProvider> InstanceAsync(Action<GdprRetentionOptions>? configure = null)
    {
        var instance = Services(configure).BuildServiceProvider();
        _instances.Add(instance);
        await instance.GetRequiredService<IGdprKeyRing>().LoadAsync();
        return instance;
    }

    protected ServiceCollection Services(Action<GdprRetentionOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddMySociumGdpr(o =>
        {
            o.Encryption.RootKey = _rootKey;
            configure?.Invoke(o.Retention);
        }).AddEntityFrameworkStores<RetentionContext>();
        services.AddDbContext<RetentionContext>((sp, o) => UseDatabase(o).UseMySociumGdpr(sp));
        return services;
    }

    /// <summary>Logins with IPv4 addresses 203.0.113.1, .2, …</summary>
    protected static IEnumerable<LoginRecord> Rows(int count, DateTime at)
        => Enumerable.Range(1, count).Select(i => new LoginRecord { At = at, Ip = $"203.0.113.{i}" });

    protected static Task SeedAsync(IServiceProvider instance, params IEnumerable<LoginRecord> rows) => WithContextAsync(instance, db =>
    {
        db.Logins.AddRange(rows);
        return db.SaveChangesAsync();
    });

    protected static Task<RetentionReport> PruneAsync(IServiceProvider instance) => instance.GetRequiredService<IRetentionPruner>().PruneAsync();

    protected static Task<List<string?>> IpsAsync(IServiceProvider instance) => WithContextAsync(instance, db => db.Logins.OrderBy(l => l.Id).Select(l => l.Ip).ToListAsync());

    protected static async Task<T> WithContextAsync<T>(IServiceProvider instance, Func<RetentionContext, Task<T>> action)
    {
        await using var scope = instance.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<RetentionContext>());
    }

    private static Task<byte[]> StoredSecretIpAsync(IServiceProvider instance, long id = 1)
        => WithContextAsync(instance, db => db.Database.SqlQuery<byte[]>($"SELECT \"SecretIp\" AS \"Value\" FROM \"Logins\" WHERE \"Id\" = {id}").SingleAsync());

    /// <summary>Reports on the pruner's own thread, so a test can stop it exactly between two batches.</summary>
    protected sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
