using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Notifications;

/// <summary>
/// Reads the current policy version while the host starts, so the first request already asks about
/// it; then every <see cref="GdprNotificationOptions.PolicyRefreshInterval"/> re-reads it (a version
/// published elsewhere, or one whose date has come) and queues the notices still due.
/// </summary>
internal sealed class PolicyVersionService(
    PolicyVersions versions,
    PolicyNoticeQueue notices,
    IOptions<GdprOptions> options,
    TimeProvider time,
    ILogger<PolicyVersionService> logger) : BackgroundService, IHostStartingService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await versions.RefreshAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A database without the table yet (created after start) must not stop the host; the next refresh tries again.
            Log.PolicyRefreshFailed(logger, e);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await versions.RefreshAsync(stoppingToken);
                await notices.RunAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                Log.PolicyRefreshFailed(logger, e);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                using var timeout = new CancellationTokenSource(options.Value.Notifications.PolicyRefreshInterval, time);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
                await notices.WaitAsync(either.Token);
            }
            catch (OperationCanceledException)
            {
                // The interval passed, or the host stops: the loop's condition tells which.
            }
        }
    }
}
