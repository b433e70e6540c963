using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using MySocium.Gdpr.IntegrationTests.Infrastructure;

namespace MySocium.Gdpr.IntegrationTests.Faults;

/// <summary>
/// A retention run killed with SIGKILL part way (some transactions committed, one open), then the
/// application started again: its retention service, running at start, finishes the run there and then,
/// not after the killed run's lease expires (a lease of ten minutes here) or an interval later.
/// </summary>
public sealed class RetentionCrashTests(PostgresServer postgres) : IDisposable
{
    /// <summary>
    /// An event among the deletions' transactions of 100 rows (two events per batch of 50, the boundary's read
    /// and the delete, and two per commit) after the first have committed; the test checks that some rows were
    /// deleted, not all.
    /// </summary>
    private const string PauseAt = "23";

    private static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(10);

    private readonly string _directory = Directory.CreateTempSubdirectory("mysocium-retention-crash-").FullName;
    private readonly string _rootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task Sqlite_KilledMidRun_TheRestartedInstanceFinishesTheRunAtStart()
    {
        var report = await KillAndRecoverAsync("sqlite", $"Data Source={Path.Combine(_directory, "retention.db")}");

        report.Before.Leases.Should().Be(1, "the killed run's lease row is left behind");
        report.Before.LeaseExpiresInSeconds.Should().BeGreaterThan((long)(LeaseDuration.TotalSeconds / 2), "waiting for the lease to expire would take minutes");
    }

    [Fact]
    public async Task Postgres_KilledMidRun_TheRestartedInstanceFinishesTheRunAtStart()
    {
        var report = await KillAndRecoverAsync("postgres", await postgres.CreateDatabaseAsync(nameof(RetentionCrashTests)));

        report.Before.Leases.Should().Be(0, "PostgreSQL's advisory lock ended with the killed process's session");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<Report> KillAndRecoverAsync(string provider, string connection)
    {
        string[] common =
        [
            "--Provider", provider, "--ConnectionString", connection, "--Gdpr:Encryption:RootKey", _rootKey, "--Gdpr:Notifications:BaseUrl", "https://app.example.test",
            "--Gdpr:Retention:BatchSize", "50", "--Gdpr:Retention:BatchesPerTransaction", "2", "--Gdpr:Retention:LeaseDuration", LeaseDuration.ToString("c", CultureInfo.InvariantCulture),
        ];
        (await FaultHostProcess.RunAsync(["retention", "seed", .. common])).Should().Be("SEEDED 1550");
        (await FaultHostProcess.RunOrKillAsync(["retention", "prune", "--PauseAt", PauseAt, .. common])).Should().BeNull($"the run reached event {PauseAt} and was killed there");

        var printed = await FaultHostProcess.RunAsync(["retention", "recover", .. common]);

        printed.Should().StartWith("REPORT ");
        var report = JsonSerializer.Deserialize<Report>(printed["REPORT ".Length..])!;
        report.Before.Expired.Should().BeInRange(1, 999, "the killed run had deleted some of the 1,000 expired logins, not all");
        report.Before.RawAged.Should().Be(500, "it had not reached anonymization");
        report.After.Should().Be(new State(0, 0, 50, 0, null), "the restarted instance deleted and anonymized the rest, released its lease, and left the recent logins alone");
        report.FinishedInMilliseconds.Should().BeLessThan(20_000, "the run was finished at start, not after the ten-minute lease lapsed");
        return report;
    }

    private sealed record State(int Expired, int RawAged, int RawRecent, int Leases, long? LeaseExpiresInSeconds);

    private sealed record Report(State Before, State After, long FinishedInMilliseconds);
}
