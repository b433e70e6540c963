using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Notifications;

/// <summary>
/// Delivers the outbox in the background: at once when mail is queued on this instance, and every
/// <see cref="GdprNotificationOptions.PollInterval"/> for mail queued elsewhere or due for a retry.
/// Before each drain it deletes the rows of mail sent longer ago than <see cref="GdprNotificationOptions.SentRetention"/>.
/// Without an <see cref="IGdprNotificationSender"/> it does nothing and mail stays queued.
/// </summary>
internal sealed class OutboxDrainer(
    IServiceProvider services,
    OutboxDelivery delivery,
    OutboxTrigger trigger,
    IOptions<GdprOptions> options,
    TimeProvider time,
    ILogger<OutboxDrainer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (services.GetService<IGdprNotificationSender>() is not { } sender)
        {
            Log.NotificationSenderMissing(logger);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeleteExpiredAsync(stoppingToken);
                var sent = await delivery.DeliverDueAsync(sender, stoppingToken);
                if (sent > 0)
                {
                    Log.NotificationsSent(logger, sent);
                }

                using var timeout = new CancellationTokenSource(options.Value.Notifications.PollInterval, time);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
                await trigger.WaitAsync(either.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The poll interval passed without a wake-up: look again.
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                Log.OutboxDrainFailed(logger, e);
                await Task.Delay(options.Value.Notifications.PollInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Apart from the drain: a drain that keeps failing does not keep sent rows, nor does a failed deletion stop the drain.</summary>
    private async Task DeleteExpiredAsync(CancellationToken stoppingToken)
    {
        try
        {
            await delivery.DeleteExpiredAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.SentMailCleanupFailed(logger, e);
        }
    }
}
