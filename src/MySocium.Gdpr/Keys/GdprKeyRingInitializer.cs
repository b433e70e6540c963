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
    /// key activates; when the current key changes (here or on another instance), re-encrypts to it,
    /// and once more an interval after the activation, for what instances that had not refreshed yet
    /// wrote under the older key behind the first run's cursor.
    /// </summary>
    private async Task RefreshAsync(CancellationToken stoppingToken)
    {
        // Compared across iterations, not only around the refresh: a read that met a value under an unknown key
        // reloads the keys meanwhile, and the key it found current must start re-encryption here as well.
        var current = keyRing.CurrentKeyId;
        DateTimeOffset? sweep = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = new[] { now + options.Value.Encryption.KeyRefreshInterval, keyRing.NextActivation, sweep }.Min()!.Value;
            try
            {
                await Task.Delay(next > now ? next - now : TimeSpan.Zero, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

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
                current = keyRing.CurrentKeyId;
                Log.DataKeyActivated(logger, current);
                trigger.Request();
                sweep = keyRing.Keys.FirstOrDefault(k => k.IsCurrent)?.ActivatesAt + options.Value.Encryption.KeyRefreshInterval;
                sweep = sweep > time.GetUtcNow() ? sweep : null;
            }
            else if (sweep <= time.GetUtcNow())
            {
                trigger.Request();
                sweep = null;
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
