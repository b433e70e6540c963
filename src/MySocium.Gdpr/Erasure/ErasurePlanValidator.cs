using Microsoft.Extensions.Hosting;

namespace MySocium.Gdpr.Erasure;

/// <summary>Checks the erasure plan while the host starts: an entity with an ambiguous or impossible policy stops the start, naming it and its paths.</summary>
internal sealed class ErasurePlanValidator(ErasurePlans plans) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        plans.Validate();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
