using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Keys;

/// <summary>
/// Loads the data keys while the host starts, before any hosted service runs, so a missing or
/// wrong root key stops the start instead of failing a request later. Then keeps them fresh,
/// and moves values under older keys to the current one.
/// </summary>
internal sealed class GdprKeyRingInitializer(
    GdprKeyRingService keyRing,
    IReencryptionJob reencryption,
    ReencryptionTrigger trigger,
    IOptions<GdprOptions> options,
    TimeProvider time,
    ILogger<GdprKeyRingInitializer> logger) : BackgroundService, IHostStartingService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await keyRing.LoadAsync(cancellationToken);
        if (keyRing.Keys.Count > 1)
        {
            trigger.Request();
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
        => Task.WhenAll(RefreshAsync(stoppingToken), ReencryptAsync(stoppingToken));

    private async Task RefreshAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Encryption.KeyRefreshInterval, time);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                await keyRing.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.KeyRefreshFailed(logger, e);
            }
        }
    }

    private async Task ReencryptAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await trigger.WaitAsync(stoppingToken);
                await reencryption.RunAsync(cancellationToken: stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.ReencryptionFailed(logger, e);
            }
        }
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
