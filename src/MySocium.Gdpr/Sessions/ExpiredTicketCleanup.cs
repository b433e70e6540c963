using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Sessions;

/// <summary>
/// Deletes expired tickets when the host starts and then every
/// <see cref="GdprSessionOptions.ExpiredTicketCleanupInterval"/>. Instances sharing a database may
/// run it at once: the delete is idempotent, so it takes no lock.
/// </summary>
internal sealed class ExpiredTicketCleanup(DatabaseTicketStore store, IOptions<GdprOptions> options, TimeProvider time, ILogger<ExpiredTicketCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Sessions.ExpiredTicketCleanupInterval, time);
        do
        {
            try
            {
                var removed = await store.RemoveExpiredAsync(stoppingToken);
                if (removed > 0)
                {
                    Log.ExpiredTicketsRemoved(logger, removed);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                Log.ExpiredTicketCleanupFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
