namespace MySocium.Gdpr.Erasure;

/// <summary>
/// A participant that needs something the erasure deletes (the subject's address, to tell them it
/// is done): the eraser captures it before its transaction and hands it over after the commit.
/// </summary>
internal interface ICapturingErasureParticipant : IErasureParticipant
{
    /// <summary>Reads what the participant needs after the erasure, or null; runs before the erasure's transaction.</summary>
    Task<object?> CaptureAsync(object subjectId, CancellationToken cancellationToken);

    /// <summary>Erases what the participant holds, with what <see cref="CaptureAsync"/> read.</summary>
    Task<string> EraseAsync(object subjectId, object? captured, CancellationToken cancellationToken);
}
