namespace MySocium.Gdpr.Erasure;

/// <summary>
/// Erases a subject's data that lives outside the database (files, caches, search indexes, a mail
/// provider's lists). Register implementations as services. The erasure's transaction records, with
/// the rows, that each participant still has to run (in the erasure journal, the subject's id
/// encrypted); after the commit each runs, and what it reports completes the receipt. One that fails,
/// or whose process dies first, runs again at the next host start and at the next erasure of the
/// subject, until it succeeds: so <see cref="EraseAsync"/> must be safe to run twice. The others still run:
/// the database erasure cannot be undone, so the receipt says what is left to do.
/// </summary>
public interface IErasureParticipant
{
    /// <summary>Gets the participant's name, as receipts and the journal show it: keep it stable across releases.</summary>
    string Name { get; }

    /// <summary>Erases what this participant holds about the subject; may run again for the same subject after a failure or a crash.</summary>
    /// <param name="subjectId">The subject's primary key.</param>
    /// <param name="cancellationToken">Cancels the erasure.</param>
    /// <returns>What was erased, in words without personal data (for example "3 files").</returns>
    Task<string> EraseAsync(object subjectId, CancellationToken cancellationToken);
}
