using Microsoft.Extensions.Hosting;

namespace MySocium.Gdpr.Keys;

/// <summary>
/// Loads the data keys while the host starts, before any hosted service runs, so a missing or
/// wrong root key stops the start instead of failing a request later.
/// </summary>
internal sealed class GdprKeyRingInitializer(IGdprKeyRing keyRing) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => keyRing.LoadAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
