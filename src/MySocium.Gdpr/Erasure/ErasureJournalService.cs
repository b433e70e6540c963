using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Erasure;

/// <summary>
/// Finishes, when the host starts, what earlier erasures still owe outside the database (their process
/// crashed after the commit, or a participant failed): each entry once, on whichever instance claims it
/// first. An entry another live instance holds is tried again when its claim lapses.
/// </summary>
internal sealed class ErasureJournalService(
    IServiceProvider services, ErasureJournal journal, ErasurePlans plans, TimeProvider time, ILogger<ErasureJournalService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService<GdprStore>() is null)
        {
            return;
        }

        try
        {
            Type subjectKey;
            await using (var scope = services.CreateAsyncScope())
            {
                // No subject, no erasure, no journal.
                if (plans.TryFor(GdprStore.Resolve(services, scope.ServiceProvider).Model) is not { } plan)
                {
                    return;
                }

                subjectKey = plan.SubjectKey;
            }

            while (true)
            {
                var (ran, heldUntil) = await journal.ResumeAsync(subjectHash: null, subjectKey, stoppingToken);
                if (ran > 0)
                {
                    Log.ErasureJournalResumed(logger, ran);
                }

                if (heldUntil is not { } until)
                {
                    return;
                }

                Log.ErasureJournalHeld(logger, until);
                var wait = until - time.GetUtcNow().UtcDateTime;
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Log.ErasureJournalFailed(logger, e);
        }
    }
}
