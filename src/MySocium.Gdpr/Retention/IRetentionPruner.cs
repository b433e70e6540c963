namespace MySocium.Gdpr.Retention;

/// <summary>
/// Anonymizes the IP addresses and deletes the rows of entities with a retention schedule
/// (<see cref="RetentionAttribute"/> or <c>Gdpr:Retention:Entities</c>). A background service runs
/// it every <see cref="GdprRetentionOptions.Interval"/>; several instances on one database never
/// run it at once.
/// </summary>
public interface IRetentionPruner
{
    /// <summary>Gets the schedule of every entity with retention, for the record of processing.</summary>
    IReadOnlyList<RetentionPolicy> Policies { get; }

    /// <summary>
    /// Deletes the rows past their <see cref="RetentionPolicy.DeleteAfter"/>, then anonymizes the
    /// IP addresses of rows past their <see cref="RetentionPolicy.AnonymizeAfter"/>, in batches of
    /// <see cref="GdprRetentionOptions.BatchSize"/>. A run that stopped part way leaves every batch
    /// it finished done, and the next run finishes the rest. When another instance is pruning, it
    /// returns at once with <see cref="RetentionReport.Ran"/> false and, for a lease row, when that
    /// lease lapses (<see cref="RetentionReport.HeldUntil"/>). A lease left by a process on this
    /// machine that is gone (killed part way) is taken over at once, and this run finishes its work.
    /// </summary>
    /// <param name="progress">Receives the counts so far after each batch.</param>
    /// <param name="cancellationToken">Stops the run between statements.</param>
    /// <returns>What the run changed.</returns>
    Task<RetentionReport> PruneAsync(IProgress<RetentionReport>? progress = null, CancellationToken cancellationToken = default);
}
