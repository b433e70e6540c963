using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using MySocium.Gdpr.IntegrationTests.Infrastructure;

namespace MySocium.Gdpr.IntegrationTests.Faults;

/// <summary>
/// An erasure killed with SIGKILL at many database events of its run (every statement once it has run,
/// every commit before and after it lands), with queued mail, an opt-in and a file outside the database;
/// then the application starts again, the person asks again if their account is still there, and the
/// outbox is delivered over real SMTP. Whatever the point: their queued mail never reaches them, the
/// only mail they get is the erasure notice, once; the suppression entry exists once; there is one
/// receipt and it lists every part, all done; the journal is empty and the file is gone.
/// </summary>
public sealed class ErasureCrashTests(PostgresServer postgres) : IDisposable
{
    private static readonly string[] AllParts = ["consent ledger: True", "sessions: True", "notifications: True", "uploads: True"];

    private readonly string _directory = Directory.CreateTempSubdirectory("mysocium-erasure-crash-").FullName;
    private readonly string _rootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task Sqlite_KilledAtManyPoints_EndsAsOneCompleteErasure()
    {
        var seeded = Path.Combine(_directory, "seeded.db");
        var ids = await SeedAsync("sqlite", $"Data Source={seeded}", "ada@sqlite.example.test", "grace@sqlite.example.test");
        Task<Point> Copy(int n)
        {
            var file = Path.Combine(_directory, $"point-{n}.db");
            File.Copy(seeded, file);
            return Task.FromResult(new Point(n, "sqlite", $"Data Source={file}", ids, "ada@sqlite.example.test", "grace@sqlite.example.test"));
        }

        // Every other event, and each of the last eight: the commit, the journal's run and the receipt's completion.
        await RunPointsAsync(Copy, events => Enumerable.Range(1, events).Where(n => n % 2 == 1 || n > events - 8));
    }

    [Fact]
    public async Task Postgres_KilledAtManyPoints_EndsAsOneCompleteErasure()
    {
        async Task<Point> Seed(int n)
        {
            var connection = await postgres.CreateDatabaseAsync($"{nameof(ErasureCrashTests)}-{n}");
            var ada = $"ada{n}@pg.example.test";
            var grace = $"grace{n}@pg.example.test";
            return new Point(n, "postgres", connection, await SeedAsync("postgres", connection, ada, grace), ada, grace);
        }

        // Every fourth event, and each of the last six: the commit, the journal's run and the receipt's completion.
        await RunPointsAsync(Seed, events => Enumerable.Range(1, events).Where(n => n % 4 == 0 || n > events - 6));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Runs the erasure once unpaused (which counts its events), then once per chosen event, killed there.</summary>
    private async Task RunPointsAsync(Func<int, Task<Point>> prepare, Func<int, IEnumerable<int>> choose)
    {
        var completed = await RunPointAsync(await prepare(0));
        var events = int.Parse(completed!.Split(' ')[1], CultureInfo.InvariantCulture);
        events.Should().BeGreaterThan(10, "an erasure of this model runs that many statements and commits");

        var points = choose(events).ToList();
        using var gate = new SemaphoreSlim(2);
        await Task.WhenAll(points.Select(async n =>
        {
            await gate.WaitAsync();
            try
            {
                (await RunPointAsync(await prepare(n))).Should().BeNull($"the erasure reached event {n} of {events} and was killed there");
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>Erases Ada, killed at the point's event (0: not killed), recovers, and checks the outcome; returns the erase step's last line, or null when it was killed.</summary>
    private async Task<string?> RunPointAsync(Point point)
    {
        var uploads = Path.Combine(_directory, $"uploads-{point.Number}");
        Directory.CreateDirectory(uploads);
        await File.WriteAllTextAsync(Path.Combine(uploads, $"{point.Ids.Ada}.txt"), "Ada's upload");
        var common = Arguments(point.Provider, point.Connection, point.AdaEmail, point.GraceEmail, uploads);
        var erased = await FaultHostProcess.RunOrKillAsync(["erasure", "erase", "--Subject", point.Ids.Ada, "--PauseAt", point.Number.ToString(CultureInfo.InvariantCulture), .. common]);

        await using var smtp = await SmtpServerFixture.StartAsync(LoopbackPort.GetFree());
        var report = await FaultHostProcess.RunAsync(
            ["erasure", "recover", "--Subject", point.Ids.Ada, "--Smtp:Host", smtp.Host, "--Smtp:Port", smtp.Port.ToString(CultureInfo.InvariantCulture),
             "--Smtp:Security", "None", "--Smtp:From", "noreply@example.test", .. common]);

        var because = erased is null ? $"killed at event {point.Number}" : "not killed";
        report.Should().StartWith("REPORT ");
        var outcome = JsonSerializer.Deserialize<Report>(report["REPORT ".Length..])!;
        outcome.PersonExists.Should().BeFalse(because);
        outcome.Suppressions.Should().Be(1, because);
        outcome.Journal.Should().Be(0, because);
        outcome.OptInReferences.Should().Be(0, because);
        outcome.Unsent.Should().Be(0, because);
        outcome.UploadExists.Should().BeFalse(because);
        outcome.Receipts.Should().ContainSingle(because).Which.Should().Equal(AllParts, because);
        smtp.Messages.Where(m => m.IsTo(point.AdaEmail)).Select(m => m.Subject).Should().Equal(["Your account at our service was erased"], because + ": her queued mail was dropped with her account");
        smtp.Messages.Count(m => m.IsTo(point.GraceEmail)).Should().Be(1, because + ": Grace's queued mail is hers to get");
        return erased;
    }

    private async Task<(string Ada, string Grace)> SeedAsync(string provider, string connection, string adaEmail, string graceEmail)
    {
        var seeded = await FaultHostProcess.RunAsync(["erasure", "seed", .. Arguments(provider, connection, adaEmail, graceEmail, Path.Combine(_directory, "seed-uploads"))]);
        var parts = seeded.Split(' ');
        parts[0].Should().Be("SEEDED");
        return (parts[1], parts[2]);
    }

    private string[] Arguments(string provider, string connection, string adaEmail, string graceEmail, string uploads) =>
    [
        "--Provider", provider, "--ConnectionString", connection, "--Uploads", uploads, "--AdaEmail", adaEmail, "--GraceEmail", graceEmail,
        "--Gdpr:Encryption:RootKey", _rootKey, "--Gdpr:Notifications:BaseUrl", "https://app.example.test",
    ];

    private sealed record Point(int Number, string Provider, string Connection, (string Ada, string Grace) Ids, string AdaEmail, string GraceEmail);

    private sealed record Report(bool PersonExists, int Suppressions, int Journal, int OptInReferences, int Unsent, List<List<string>> Receipts, bool UploadExists);
}
