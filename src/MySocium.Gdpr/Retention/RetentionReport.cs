namespace MySocium.Gdpr.Retention;

/// <summary>What one run of the retention pruner changed.</summary>
/// <param name="Ran">False when another instance held the lock, so this one did nothing.</param>
/// <param name="Entities">The counts per entity, in the order they were pruned.</param>
/// <param name="Duration">How long the run took.</param>
public sealed record RetentionReport(bool Ran, IReadOnlyList<RetentionEntityReport> Entities, TimeSpan Duration)
{
    /// <summary>
    /// Gets, when the run was skipped for another instance's lease row (databases other than PostgreSQL), when
    /// that lease expires unless its holder renews it: the time to try again, should that instance have died.
    /// </summary>
    /// <value>
    /// <see langword="null"/> when the run ran, and on PostgreSQL, whose advisory lock stays held until the
    /// other session ends or releases it (the server ends the session of an instance that dies).
    /// </value>
    public DateTimeOffset? HeldUntil { get; init; }

    /// <summary>Gets the rows whose IP addresses were anonymized, over all entities.</summary>
    public long Anonymized => Entities.Sum(e => e.Anonymized);

    /// <summary>Gets the rows deleted, over all entities.</summary>
    public long Deleted => Entities.Sum(e => e.Deleted);
}

/// <summary>What one run of the retention pruner changed in one entity.</summary>
/// <param name="Entity">The entity's display name.</param>
/// <param name="Anonymized">Rows whose IP addresses were anonymized.</param>
/// <param name="Malformed">IP values that were not IP addresses and were set to null (also counted in <paramref name="Anonymized"/>).</param>
/// <param name="Deleted">Rows deleted.</param>
public sealed record RetentionEntityReport(string Entity, long Anonymized, long Malformed, long Deleted);
