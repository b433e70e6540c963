namespace MySocium.Gdpr.Erasure;

/// <summary>
/// Erases a subject's data that lives outside the database (files, caches, search indexes, a mail
/// provider's lists). Register implementations as services; each runs after the database erasure
/// commits, and what it reports is part of the receipt. A participant that fails is recorded as
/// failed and the others still run: the database erasure cannot be undone, so the receipt says what
/// is left to do.
/// </summary>
public interface IErasureParticipant
{
    /// <summary>Gets the participant's name, as receipts show it.</summary>
    string Name { get; }

    /// <summary>Erases what this participant holds about the subject.</summary>
    /// <param name="subjectId">The subject's primary key.</param>
    /// <param name="cancellationToken">Cancels the erasure.</param>
    /// <returns>What was erased, in words without personal data (for example "3 files").</returns>
    Task<string> EraseAsync(object subjectId, CancellationToken cancellationToken);
}
