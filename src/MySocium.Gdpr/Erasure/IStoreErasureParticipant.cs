using Microsoft.EntityFrameworkCore;

namespace MySocium.Gdpr.Erasure;

/// <summary>
/// A part of the erasure that the library keeps in its store (queued mail, sessions, consent records):
/// it runs inside the erasure's transaction, on its context, so it lands with the rows or not at all.
/// </summary>
internal interface IStoreErasureParticipant
{
    /// <summary>Gets the participant's name, as receipts show it.</summary>
    string Name { get; }

    /// <summary>Reads what the participant needs that the erasure deletes (the subject's address), or null; runs first in the transaction.</summary>
    Task<object?> CaptureAsync(DbContext db, object subjectId, CancellationToken cancellationToken);

    /// <summary>Changes the store for the erased subject, after the plan's steps and in their transaction; the eraser saves.</summary>
    /// <returns>What was done, in words without personal data.</returns>
    Task<string> EraseAsync(DbContext db, object subjectId, object? captured, CancellationToken cancellationToken);

    /// <summary>Runs once the erasure has committed (for example, wakes the outbox).</summary>
    void Committed();
}
