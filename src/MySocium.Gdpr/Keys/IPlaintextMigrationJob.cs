namespace MySocium.Gdpr.Keys;

/// <summary>
/// Encrypts the existing plaintext of properties that became encrypted personal data, and fills
/// their blind indexes. Needs <c>Gdpr:Encryption:AcceptPlaintext</c> while it runs, so reads
/// accept both forms; turn that off once a run reports nothing left.
/// </summary>
public interface IPlaintextMigrationJob
{
    /// <summary>
    /// Encrypts every plaintext value and fills every missing blind index, in batches of
    /// <c>Gdpr:Encryption:BatchSize</c> rows, each in its own transaction. Idempotent and resumable.
    /// </summary>
    /// <param name="dryRun">Only count what would change; write nothing.</param>
    /// <param name="progress">Receives the counts after every batch.</param>
    /// <param name="cancellationToken">Stops the run between batches.</param>
    /// <returns>What was scanned, found in plaintext, and rewritten, per property.</returns>
    Task<EncryptionJobReport> RunAsync(bool dryRun = false, IProgress<EncryptionJobReport>? progress = null, CancellationToken cancellationToken = default);
}
