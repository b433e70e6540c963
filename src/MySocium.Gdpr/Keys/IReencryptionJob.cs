namespace MySocium.Gdpr.Keys;

/// <summary>
/// Moves values encrypted under older data keys to the current key, so old keys can retire. It
/// runs in the background after the host starts, after a rotation, and when a key rotated with
/// <c>Gdpr:Encryption:KeyActivationDelay</c> becomes current (on every instance: the runs share the
/// work safely); call it to run it now.
/// </summary>
public interface IReencryptionJob
{
    /// <summary>
    /// Rewrites every value still under an older key or algorithm, in batches of
    /// <c>Gdpr:Encryption:BatchSize</c> rows, each in its own transaction. Idempotent, and
    /// resumable: after an interruption, a new run finds the rows not yet moved. A row the
    /// application changes meanwhile is read again and its values still under an older key moved
    /// (up to three times a batch). Other instances may write under the older key until their next
    /// refresh, behind a run's cursor: the background job runs once more one
    /// <c>Gdpr:Encryption:KeyRefreshInterval</c> after the activation, when every instance has moved
    /// to the new key; a run called earlier can leave those values behind. Called while a run under
    /// the same current key is going in this instance (the background one, say), it joins that run
    /// and returns its report, which covers every value older than the call; while a run under an
    /// older key is going, it waits for it, then runs.
    /// </summary>
    /// <param name="progress">Receives the counts after every batch (not when it joins a running run).</param>
    /// <param name="cancellationToken">Stops the run between batches.</param>
    /// <returns>What was scanned and rewritten, per property.</returns>
    Task<EncryptionJobReport> RunAsync(IProgress<EncryptionJobReport>? progress = null, CancellationToken cancellationToken = default);
}
