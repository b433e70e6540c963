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

    /// <summary>
    /// Re-reads the keys every <c>Gdpr:Encryption:KeyRefreshInterval</c>, and at the moment a waiting
    /// key activates; when the current key changes (here or on another instance), re-encrypts to it.
    /// </summary>
    private async Task RefreshAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.Value.Encryption.KeyRefreshInterval;
            if (keyRing.NextActivation is { } activation)
            {
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks, (activation - time.GetUtcNow()).Ticks));
            }

            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var current = keyRing.CurrentKeyId;
            try
            {
                await keyRing.RefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.KeyRefreshFailed(logger, e);
                continue;
            }

            if (keyRing.CurrentKeyId != current)
            {
                Log.DataKeyActivated(logger, keyRing.CurrentKeyId);
                trigger.Request();
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
}
