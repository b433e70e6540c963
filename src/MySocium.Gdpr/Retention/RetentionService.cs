using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Retention;

/// <summary>
/// Checks the retention declarations while the host starts (a bad one stops the start, naming the
/// entity and setting), then runs the pruner at once and every <see cref="GdprRetentionOptions.Interval"/>.
/// </summary>
internal sealed class RetentionService(
    RetentionPlans plans,
    IRetentionPruner pruner,
    IOptions<GdprOptions> options,
    TimeProvider time,
    ILogger<RetentionService> logger) : BackgroundService, IHostStartingService
{
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

        using var timer = new PeriodicTimer(options.Value.Retention.Interval, time);
        do
        {
            try
            {
                await pruner.PruneAsync(cancellationToken: stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.RetentionFailed(logger, e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
