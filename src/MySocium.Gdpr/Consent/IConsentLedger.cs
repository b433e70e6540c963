namespace MySocium.Gdpr.Consent;

/// <summary>The append-only, hash-chained record of every consent decision: the proof that consent was given.</summary>
public interface IConsentLedger
{
    /// <summary>
    /// Recomputes the hash chain over every record, oldest first, and reports the first record
    /// that was edited, removed or reordered. Removing the newest records leaves no trace in the chain;
    /// compare <see cref="ConsentLedgerVerification.Records"/> with an earlier count to see that.
    /// </summary>
    /// <param name="cancellationToken">Stops the check.</param>
    /// <returns>Whether the chain is intact, and where it breaks if not.</returns>
    Task<ConsentLedgerVerification> VerifyLedgerAsync(CancellationToken cancellationToken = default);
}
