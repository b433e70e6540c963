namespace MySocium.Gdpr.Erasure;

/// <summary>
/// Erases everything about a data subject across the whole EF Core model: every row reachable
/// from the subject's row through foreign keys, in one transaction of set-based statements, with
/// tracked entities where EF cannot bulk-operate on the mapping (TPT deletes, table splitting, owned collections).
/// </summary>
public interface IPersonalDataEraser
{
    /// <summary>Describes what erasure touches, in the order it does it, for review.</summary>
    /// <returns>
    /// One line per step (an entity deleted, a reference detached or retained), with the path from the subject,
    /// and for steps that are not a single statement how they run: one statement per table, or tracked and why.
    /// </returns>
    string DescribePlan();

    /// <summary>Counts what erasing the subject would touch, changing nothing.</summary>
    /// <param name="subjectId">The subject's primary key.</param>
    /// <param name="cancellationToken">Cancels the counting.</param>
    /// <returns>A receipt marked as a dry run, with the rows per entity.</returns>
    Task<ErasureReceipt> PreviewAsync(object subjectId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases the subject in one transaction: references from rows that are not the subject's are
    /// set to null, then the subject's rows are deleted, dependents first. All or nothing: a failing
    /// statement rolls everything back and names the step. Erasing a subject that is not there (or
    /// no more) returns a receipt that found nothing.
    /// </summary>
    /// <param name="subjectId">The subject's primary key.</param>
    /// <param name="cancellationToken">Cancels the erasure (before it commits).</param>
    /// <returns>The receipt: when, what per entity, and a keyed hash of the subject's id, never personal data.</returns>
    /// <exception cref="ErasureException">A statement failed; nothing was changed.</exception>
    Task<ErasureReceipt> EraseAsync(object subjectId, CancellationToken cancellationToken = default);

    /// <summary>Gets the stored receipts of every erasure of a subject, oldest first: proof for whoever holds the id.</summary>
    /// <param name="subjectId">The subject's primary key.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The receipts, found by the keyed hash of the id.</returns>
    Task<IReadOnlyList<ErasureReceipt>> GetReceiptsAsync(object subjectId, CancellationToken cancellationToken = default);
}
