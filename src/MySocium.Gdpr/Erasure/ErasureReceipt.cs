namespace MySocium.Gdpr.Erasure;

/// <summary>What an erasure did (or, for a dry run, would do), without any personal data.</summary>
/// <param name="Id">The receipt's id; an erasure's receipt is stored under it (a dry run's is not).</param>
/// <param name="At">When it ran.</param>
/// <param name="SubjectHash">A keyed hash of the subject's id: proves which subject was erased to whoever holds the id, reveals nothing to anyone else.</param>
/// <param name="DryRun">Whether nothing was changed.</param>
/// <param name="Steps">Rows touched, per entity and action, in the order applied.</param>
public sealed record ErasureReceipt(Guid Id, DateTimeOffset At, string SubjectHash, bool DryRun, IReadOnlyList<ErasureStepResult> Steps)
{
    /// <summary>Gets what the registered <see cref="IErasureParticipant"/>s reported (empty for a dry run).</summary>
    public IReadOnlyList<ErasureParticipantResult> Participants { get; init; } = [];

    /// <summary>Gets whether the subject had no rows at all (unknown, or already erased).</summary>
    public bool NothingFound => Steps.All(s => s.Rows == 0);
}

/// <summary>Rows one step of an erasure touched.</summary>
/// <param name="Entity">The entity type.</param>
/// <param name="Action">Deleted, or detached (foreign key set to null).</param>
/// <param name="Path">How the rows reach the subject.</param>
/// <param name="Rows">How many rows.</param>
public sealed record ErasureStepResult(string Entity, ErasureAction Action, string Path, int Rows);
