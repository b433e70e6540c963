using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using MySocium.Gdpr.Keys;
using MySocium.Gdpr.Retention;

namespace MySocium.Gdpr.Tests.Retention;

/// <summary>The retention scenario on a SQLite file, where instances coordinate through the lease row.</summary>
public sealed class RetentionTests : RetentionScenarioTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"mysocium-retention-{Guid.NewGuid():N}.db");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Theory]
    [InlineData("exited")]
    [InlineData("id reused")]
    public async Task Prune_LeaseOfAProcessOnThisMachineThatIsGone_IsTakenOverAtOnce(string gone)
    {
        var deadHolder = gone == "exited" ? await ExitedProcessHolderAsync() : ReusedProcessIdHolder();
        await using var instance = await LoggingInstanceAsync(Time);
        await SeedAsync(instance, Rows(3, Start.AddDays(-40)));
        await SeedLeaseAsync(instance, deadHolder, Start.AddHours(1));

        var report = await PruneAsync(instance);

        report.Should().Match<RetentionReport>(r => r.Ran && r.Deleted == 3 && r.HeldUntil == null, "the holder's process is gone, so its lease holds off nobody");
        (await LeasesAsync(instance)).Should().BeEmpty("the run released the lease it took over");
        instance.GetFakeLogCollector().GetSnapshot().Should().ContainSingle(r => r.Id.Id == 54)
            .Which.Should().Match<FakeLogRecord>(r => r.Level == LogLevel.Information && r.Message.Contains(deadHolder) && r.Message.Contains("2026-03-01 13:00:00Z"));
    }

    [Theory]
    [InlineData("a live process on this machine")]
    [InlineData("another machine")]
    public async Task Prune_LeaseOfALiveHolder_IsRespectedUntilItExpires_AndTheSkipIsLoggedWithHolderAndExpiry(string holderRuns)
    {
        var own = ProcessIdentity.NewHolder();
        var holder = holderRuns == "another machine" ? $"{~Field(own, 0):x8}{own[8..]}" : own;
        await using var instance = await LoggingInstanceAsync(Time);
        await SeedAsync(instance, Rows(3, Start.AddDays(-40)));
        await SeedLeaseAsync(instance, holder, Start.AddMinutes(2));

        var skipped = await PruneAsync(instance);

        skipped.Should().Match<RetentionReport>(r => !r.Ran && r.Deleted == 0 && r.HeldUntil == new DateTimeOffset(Start.AddMinutes(2)));
        (await IpsAsync(instance)).Should().HaveCount(3);
        (await LeasesAsync(instance)).Should().Equal([(holder, Start.AddMinutes(2))], "the skipped run leaves the lease alone");
        instance.GetFakeLogCollector().GetSnapshot().Should().ContainSingle(r => r.Id.Id == 53)
            .Which.Should().Match<FakeLogRecord>(r => r.Level == LogLevel.Information && r.Message.Contains(holder) && r.Message.Contains("2026-03-01 12:02:00Z"));

        Time.SetUtcNow(Start.AddMinutes(2));

        (await PruneAsync(instance)).Should().Match<RetentionReport>(r => r.Ran && r.Deleted == 3, "the lease has expired");
        (await LeasesAsync(instance)).Should().BeEmpty();
    }

    [Fact]
    public async Task Service_SkippedForALiveLease_RetriesWhenTheLeaseLapses_NotAnIntervalLater()
    {
        var time = new TimerCountingTime(Time);
        await using var instance = await LoggingInstanceAsync(time);
        await SeedAsync(instance, Rows(3, Start.AddDays(-40)));
        var holder = ProcessIdentity.NewHolder();
        await SeedLeaseAsync(instance, holder, Start.AddMinutes(2));
        var service = instance.GetServices<IHostedService>().OfType<RetentionService>().Single();
        int Skips() => instance.GetFakeLogCollector().GetSnapshot().Count(r => r.Id.Id == 53);

        await service.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await time.WaitForTimerAsync();
            Skips().Should().Be(1, "the run at start found the lease held");

            // The holder renews its lease, so the retry when it was due to lapse skips too, and waits for the new expiry.
            var renewed = new DateTimeOffset(Start.AddMinutes(4)).ToUnixTimeMilliseconds();
            await WithContextAsync(instance, db => db.Set<GdprLease>().ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, renewed)));
            Time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromMilliseconds(1));
            Skips().Should().Be(1, "nothing runs before the lease lapses");
            Time.Advance(TimeSpan.FromMilliseconds(1));
            await time.WaitForTimerAsync();
            Skips().Should().Be(2);
            (await IpsAsync(instance)).Should().HaveCount(3);

            // Its holder stopped renewing: once it lapses, this instance takes it over and runs.
            Time.SetUtcNow(Start.AddMinutes(4));
            await time.WaitForTimerAsync();
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }

        (await IpsAsync(instance)).Should().BeEmpty("the run four minutes after start deleted them, not one an hour (the interval) later");
        (await LeasesAsync(instance)).Should().BeEmpty();
        instance.GetFakeLogCollector().GetSnapshot().Should().Contain(r => r.Id.Id == 54).And.Contain(r => r.Id.Id == 50);
    }

    protected override DbContextOptionsBuilder UseDatabase(DbContextOptionsBuilder options) => options.UseSqlite($"Data Source={_path}");

    /// <summary>An instance that logs to a fake collector, on <paramref name="time"/>.</summary>
    private async Task<ServiceProvider> LoggingInstanceAsync(TimeProvider time)
    {
        var services = Services().AddFakeLogging();
        services.AddSingleton(time);
        var instance = services.BuildServiceProvider();
        await instance.GetRequiredService<IGdprKeyRing>().LoadAsync();
        return instance;
    }

    private static Task<int> SeedLeaseAsync(IServiceProvider instance, string holder, DateTime expiresAt) => WithContextAsync(instance, db =>
    {
        db.Add(new GdprLease { Name = RetentionLock.Name, Holder = holder, ExpiresAt = new DateTimeOffset(expiresAt).ToUnixTimeMilliseconds() });
        return db.SaveChangesAsync();
    });

    private static async Task<List<(string Holder, DateTime ExpiresAt)>> LeasesAsync(IServiceProvider instance)
        => [.. (await WithContextAsync(instance, db => db.Set<GdprLease>().AsNoTracking().ToListAsync())).Select(l => (l.Holder, DateTimeOffset.FromUnixTimeMilliseconds(l.ExpiresAt).UtcDateTime))];

    /// <summary>A holder name of a process of this machine that has run and exited.</summary>
    private static async Task<string> ExitedProcessHolderAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var own = ProcessIdentity.NewHolder();
        return $"{own[..8]}{process.Id:x8}{own[16..]}";
    }

    /// <summary>A holder name of this process's id on this machine but another start: a container restarted gives its process the same id.</summary>
    private static string ReusedProcessIdHolder()
    {
        var own = ProcessIdentity.NewHolder();
        return $"{own[..16]}{~Field(own, 16):x8}{own[24..]}";
    }

    private static uint Field(string holder, int start) => uint.Parse(holder.AsSpan(start, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    /// <summary>The test's fake clock, counting the timers made on it, so a test moves the clock only once a background wait has begun.</summary>
    private sealed class TimerCountingTime(FakeTimeProvider clock) : TimeProvider
    {
        private readonly SemaphoreSlim _created = new(0);

        public override long TimestampFrequency => clock.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

        public override long GetTimestamp() => clock.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = clock.CreateTimer(callback, state, dueTime, period);
            _created.Release();
            return timer;
        }

        /// <summary>Waits for the next timer made on the clock.</summary>
        public async Task WaitForTimerAsync()
            => (await _created.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Should().BeTrue("the service waits on the clock between runs");
    }
}
