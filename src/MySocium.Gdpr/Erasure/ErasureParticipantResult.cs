namespace MySocium.Gdpr.Erasure;

/// <summary>What one <see cref="IErasureParticipant"/> reported.</summary>
/// <param name="Name">The participant.</param>
/// <param name="Succeeded">Whether it finished.</param>
/// <param name="Outcome">What it erased, or, when it failed, the exception's type (never its message, which could hold personal data).</param>
public sealed record ErasureParticipantResult(string Name, bool Succeeded, string Outcome);
