namespace MySocium.Gdpr.Consent;

/// <summary>The result of checking the consent ledger's hash chain.</summary>
/// <param name="IsIntact">Whether every record is as it was written, in order, with none missing between the first and the last.</param>
/// <param name="Records">How many records were checked.</param>
/// <param name="FirstBrokenSequence">The sequence number where the chain first breaks, or <see langword="null"/> when it is intact.</param>
/// <param name="Problem">What is wrong there, or <see langword="null"/> when the chain is intact.</param>
public sealed record ConsentLedgerVerification(bool IsIntact, long Records, long? FirstBrokenSequence, string? Problem);
