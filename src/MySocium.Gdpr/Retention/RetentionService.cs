using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Retention;

/// <summary>
/// Checks the retention declarations while the host starts (a bad one stops the start, naming the
/// entity and setting), then runs the pruner at once and every <see cref="GdprRetentionOptions.Interval"/>.
/// A run skipped for another instance's lease row is tried again when that lease lapses (should that
/// instance have died, its run is finished then, not an interval later); one skipped for PostgreSQL's
/// advisory lock waits for the next interval, since the server releases a dead session's lock itself
/// and a live session is doing the run.
/// </summary>
internal sealed class RetentionService(
    RetentionPlans plans,
    IRetentionPruner pruner,
    IOptions<GdprOptions> options,
    TimeProvider time,
    ILogger<RetentionService> logger) : BackgroundService, IHostStartingService
{
    /// <summary>The least wait before a retry, for a lease that lapsed before the wait began.</summary>
    private static readonly TimeSpan MinimumRetryDelay = TimeSpan.FromSeconds(1);

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _ = plans.Plans;
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (plans.Plans.Count == 0)
        {
            return;
        }

        var interval = options.Value.Retention.Interval;
        var due = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset? retryAt = null;
            try
            {
                retryAt = (await pruner.PruneAsync(cancellationToken: stoppingToken)).HeldUntil;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.RetentionFailed(logger, e);
            }

            // Runs keep to the schedule from the start; a retry comes before the next one, never instead of it.
            var now = time.GetUtcNow();
            if (due <= now)
            {
                due += interval * (Math.Floor((now - due) / interval) + 1);
            }

            var delay = (retryAt is { } lapse && lapse < due ? lapse : due) - now;
            if (!await DelayAsync(delay < MinimumRetryDelay ? MinimumRetryDelay : delay, stoppingToken))
            {
                return;
            }
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
