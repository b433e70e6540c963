namespace MySocium.Gdpr.Erasure;

/// <summary>Checks the erasure plan while the host starts: an entity with an ambiguous or impossible policy stops the start, naming it and its paths.</summary>
internal sealed class ErasurePlanValidator(ErasurePlans plans) : IHostStartingService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        plans.Validate();
        return Task.CompletedTask;
    }
}
