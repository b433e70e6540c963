using Microsoft.Extensions.Hosting;

namespace MySocium.Gdpr;

/// <summary>
/// A hosted service that only needs <see cref="IHostedLifecycleService.StartingAsync"/>, which runs before any
/// hosted service starts (so a bad setting stops the host before it serves): every other lifecycle step does
/// nothing unless the class has its own, as a <see cref="BackgroundService"/> has for starting and stopping.
/// </summary>
internal interface IHostStartingService : IHostedLifecycleService
{
    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
