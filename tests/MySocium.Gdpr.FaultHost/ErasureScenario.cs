using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.Keys;
using MySocium.Gdpr.Notifications;

namespace MySocium.Gdpr.FaultHost;

/// <summary>
/// An erasure with queued mail, an opt-in and a file outside the database. <c>seed</c> creates Ada and
/// Grace, each with a password-changed mail queued (no mail is delivered until <c>recover</c>);
/// <c>erase</c> erases Ada, pausing where told; <c>recover</c> starts the application as after a
/// crash, erases Ada again if she is still there (as the person would ask again), then delivers the
/// outbox over SMTP; <c>report</c> prints what the database and the disk hold. Their addresses are
/// <c>--AdaEmail</c> and <c>--GraceEmail</c>.
/// </summary>
public static class ErasureScenario
{
    public static async Task<int> RunAsync(string step, IConfiguration settings)
    {
        var uploads = settings["Uploads"] ?? throw new InvalidOperationException("--Uploads is required.");
        void Participant(IServiceCollection services) => services.AddSingleton<IErasureParticipant>(new Uploads(uploads));
        switch (step)
        {
            case "seed":
            {
                using var host = FaultApp.Build(settings, deliverMail: false, Participant);
                await host.WithContextAsync(async db => await db.Database.EnsureDeletedAsync() | await db.Database.EnsureCreatedAsync());
                await host.Services.GetRequiredService<IGdprKeyRing>().LoadAsync();
                var adaEmail = settings["AdaEmail"] ?? throw new InvalidOperationException("--AdaEmail is required.");
                var ada = await AddAsync(host, adaEmail, "Ada");
                var grace = await AddAsync(host, settings["GraceEmail"] ?? throw new InvalidOperationException("--GraceEmail is required."), "Grace");
                var notifier = host.Services.GetRequiredService<IGdprNotifier>();
                await notifier.RecordOptInAsync(adaEmail, "newsletter form", reference: "form submission 1815", subjectId: ada);
                Directory.CreateDirectory(uploads);
                await File.WriteAllTextAsync(Path.Combine(uploads, $"{ada}.txt"), "Ada's upload");
                Console.WriteLine($"SEEDED {ada} {grace}");
                return 0;
            }

            case "erase":
            {
                using var host = FaultApp.Build(settings, deliverMail: false, Participant);
                await host.Services.GetRequiredService<IGdprKeyRing>().LoadAsync();
                var pause = host.Services.GetRequiredService<PausePoint>();
                pause.Arm();
                await host.Services.GetRequiredService<IPersonalDataEraser>().EraseAsync(Subject(settings));
                Console.WriteLine($"DONE {pause.Events}");
                return 0;
            }

            case "recover":
            {
                // As after a crash: Ada asks again if her account is still there, before the outbox (which
                // would rightly deliver her mail while she has an account) starts; then the host starts,
                // finishing the journal, and delivers.
                var subject = Subject(settings);
                using var host = FaultApp.Build(settings, deliverMail: true, Participant);
                await host.Services.GetRequiredService<IGdprKeyRing>().LoadAsync();
                if (await host.WithContextAsync(db => db.People.AnyAsync(p => p.Id == subject)))
                {
                    await host.Services.GetRequiredService<IPersonalDataEraser>().EraseAsync(subject);
                    Console.WriteLine("RETRIED");
                }

                await host.StartAsync();
                await FaultApp.WaitUntilAsync(async () => await host.CountAsync("GdprErasureJournal") == 0, "the erasure journal to be finished at start");
                await FaultApp.WaitUntilAsync(async () => await host.CountAsync("GdprOutbox", "\"SentAt\" IS NULL") == 0, "the outbox to be delivered");
                await host.StopAsync();
                return await ReportAsync(settings, uploads, Participant);
            }

            case "report":
                return await ReportAsync(settings, uploads, Participant);

            default:
                return FaultApp.Unknown(step);
        }
    }

    private static async Task<int> ReportAsync(IConfiguration settings, string uploads, Action<IServiceCollection> participant)
    {
        using var host = FaultApp.Build(settings, deliverMail: false, participant);
        await host.Services.GetRequiredService<IGdprKeyRing>().LoadAsync();
        var subject = Subject(settings);
        var report = new ErasureReport(
            PersonExists: await host.WithContextAsync(db => db.People.AnyAsync(p => p.Id == subject)),
            Suppressions: await host.CountAsync("GdprMailSuppressions"),
            Journal: await host.CountAsync("GdprErasureJournal"),
            OptInReferences: await host.CountAsync("GdprMailOptIns", "\"Reference\" IS NOT NULL"),
            Unsent: await host.CountAsync("GdprOutbox", "\"SentAt\" IS NULL"),
            Receipts: [.. (await host.Services.GetRequiredService<IPersonalDataEraser>().GetReceiptsAsync(subject)).Select(r => r.Participants.Select(p => $"{p.Name}: {p.Succeeded}").ToList())],
            UploadExists: File.Exists(Path.Combine(uploads, $"{subject}.txt")));
        Console.WriteLine("REPORT " + JsonSerializer.Serialize(report));
        return 0;
    }

    private static async Task<Guid> AddAsync(IHost host, string email, string name)
    {
        var person = new Person { Id = Guid.CreateVersion7(), Email = email, Name = name };
        await host.WithContextAsync(async db =>
        {
            db.People.Add(person);
            return await db.SaveChangesAsync();
        });
        await host.Services.GetRequiredService<IGdprNotifier>().NotifyAsync(
            new GdprAccountActivity { Kind = GdprAccountActivityKind.PasswordChanged, Email = email, Name = name, SubjectId = person.Id });
        return person.Id;
    }

    private static Guid Subject(IConfiguration settings) => Guid.Parse(settings["Subject"] ?? throw new InvalidOperationException("--Subject is required."));

    /// <summary>Files outside the database: deleting one again finds nothing, so running twice is safe.</summary>
    private sealed class Uploads(string directory) : IErasureParticipant
    {
        public string Name => "uploads";

        public Task<string> EraseAsync(object subjectId, CancellationToken cancellationToken)
        {
            var file = Path.Combine(directory, $"{subjectId}.txt");
            var existed = File.Exists(file);
            File.Delete(file);
            return Task.FromResult(existed ? "1 file" : "0 files");
        }
    }
}

/// <summary>What <c>report</c> prints after <c>REPORT </c>, as JSON.</summary>
public sealed record ErasureReport(bool PersonExists, int Suppressions, int Journal, int OptInReferences, int Unsent, List<List<string>> Receipts, bool UploadExists);
