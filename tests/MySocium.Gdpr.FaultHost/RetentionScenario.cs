using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MySocium.Gdpr.Keys;
using MySocium.Gdpr.Retention;

namespace MySocium.Gdpr.FaultHost;

/// <summary>
/// A retention run over more logins than a few transactions hold. <c>seed</c> creates
/// <see cref="Expired"/> logins past their deletion, <see cref="Aged"/> past their anonymization and
/// <see cref="Recent"/> ones; <c>prune</c> runs the pruner, pausing where told; <c>recover</c> starts the
/// application as after a crash (its retention service runs at start), waits until the run is finished,
/// and prints what was left before the start, what is left after, and how long finishing took.
/// </summary>
public static class RetentionScenario
{
    public const int Expired = 1_000;
    public const int Aged = 500;
    public const int Recent = 50;

    public static async Task<int> RunAsync(string step, IConfiguration settings)
    {
        switch (step)
        {
            case "seed":
            {
                using var host = FaultApp.Build(settings, deliverMail: false);
                await host.WithContextAsync(async db => await db.Database.EnsureDeletedAsync() | await db.Database.EnsureCreatedAsync());
                await host.Services.GetRequiredService<IGdprKeyRing>().LoadAsync();
                var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
                await host.WithContextAsync(db =>
                {
                    db.Logins.AddRange([.. Logins(Expired, now.AddDays(-100)), .. Logins(Aged, now.AddDays(-10)), .. Logins(Recent, now.AddDays(-1))]);
                    return db.SaveChangesAsync();
                });
                Console.WriteLine($"SEEDED {Expired + Aged + Recent}");
                return 0;
            }

            case "prune":
            {
                using var host = FaultApp.Build(settings, deliverMail: false);
                await host.Services.GetRequiredService<IGdprKeyRing>().LoadAsync();
                var pause = host.Services.GetRequiredService<PausePoint>();
                pause.Arm();
                var report = await host.Services.GetRequiredService<IRetentionPruner>().PruneAsync();
                Console.WriteLine($"DONE {pause.Events} {report.Deleted} {report.Anonymized}");
                return 0;
            }

            case "recover":
            {
                // As after a crash: the application starts, and its retention service runs at once.
                using var host = FaultApp.Build(settings, deliverMail: false);
                await host.Services.GetRequiredService<IGdprKeyRing>().LoadAsync();
                var time = host.Services.GetRequiredService<TimeProvider>();
                var before = await StateAsync(host);
                var started = time.GetTimestamp();
                await host.StartAsync();
                await FaultApp.WaitUntilAsync(async () => await StateAsync(host) is { Expired: 0, RawAged: 0, Leases: 0 }, "the retention run to be finished at start");
                var finishedIn = time.GetElapsedTime(started);
                await host.StopAsync();
                var report = new RetentionCrashReport(before, await StateAsync(host), (long)finishedIn.TotalMilliseconds);
                Console.WriteLine("REPORT " + JsonSerializer.Serialize(report));
                return 0;
            }

            default:
                return FaultApp.Unknown(step);
        }
    }

    /// <summary>Logins from addresses with a host part, so that a truncated one (ending in .0) tells itself apart.</summary>
    private static IEnumerable<LoginEvent> Logins(int count, DateTime at)
        => Enumerable.Range(0, count).Select(i => new LoginEvent { OccurredAt = at, IpAddress = string.Create(CultureInfo.InvariantCulture, $"203.0.{i / 250}.{(i % 250) + 1}") });

    private static async Task<RetentionState> StateAsync(IHost host)
    {
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var deleteBefore = now.UtcDateTime.AddDays(-90);
        var anonymizeBefore = now.UtcDateTime.AddDays(-7);
        var expired = await host.WithContextAsync(db => db.Logins.CountAsync(l => l.OccurredAt < deleteBefore));

        // The addresses are encrypted: they are read through the model to tell a raw one from a truncated one.
        var aged = await host.WithContextAsync(db => db.Logins.Where(l => l.OccurredAt >= deleteBefore && l.OccurredAt < anonymizeBefore).Select(l => l.IpAddress).ToListAsync());
        var recent = await host.WithContextAsync(db => db.Logins.Where(l => l.OccurredAt >= anonymizeBefore).Select(l => l.IpAddress).ToListAsync());
        var expiries = await host.WithContextAsync(db => db.Database.SqlQueryRaw<long>("SELECT \"ExpiresAt\" AS \"Value\" FROM \"GdprLeases\"").ToListAsync());
        return new RetentionState(
            expired,
            aged.Count(Raw),
            recent.Count(Raw),
            expiries.Count,
            expiries.Count == 0 ? null : (expiries[0] - now.ToUnixTimeMilliseconds()) / 1000);
    }

    private static bool Raw(string? address) => address is not null && !address.EndsWith(".0", StringComparison.Ordinal);
}

/// <summary>
/// What is left: logins past deletion, aged logins with a raw address, recent logins with a raw address, lease
/// rows, and in how many seconds the lease expires (null without one).
/// </summary>
public sealed record RetentionState(int Expired, int RawAged, int RawRecent, int Leases, long? LeaseExpiresInSeconds);

/// <summary>What <c>recover</c> prints after <c>REPORT </c>, as JSON: the state before the start, after the run, and how long finishing took.</summary>
public sealed record RetentionCrashReport(RetentionState Before, RetentionState After, long FinishedInMilliseconds);
