using Microsoft.Extensions.Logging;

namespace MySocium.Gdpr.Keys;

/// <summary>
/// Moves values to the current key. One run at a time in this instance: a call while a run is going
/// (the background one, say) joins it and returns its report, which covers every value older than the
/// call, since the run began under the same current key.
/// </summary>
internal sealed class ReencryptionJob(EncryptedColumnJob job, GdprKeyRingService keys, ILogger<ReencryptionJob> logger) : IReencryptionJob
{
    private readonly Lock _lock = new();
    private (Task<EncryptionJobReport> Run, int KeyId)? _running;

    public Task<EncryptionJobReport> RunAsync(IProgress<EncryptionJobReport>? progress = null, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            // A run begun under an older key does not move values to this one: wait for it, then run again.
            if (_running is { } running && !running.Run.IsCompleted)
            {
                return running.KeyId == keys.CurrentKeyId
                    ? running.Run.WaitAsync(cancellationToken)
                    : AfterAsync(running.Run, progress, cancellationToken);
            }

            // Started on the pool: the run would otherwise go on synchronously under the lock as far as its first real wait.
            var run = Task.Run(() => RunCoreAsync(progress, cancellationToken), cancellationToken);
            _running = (run, keys.CurrentKeyId);
            return run;
        }
    }

    private async Task<EncryptionJobReport> AfterAsync(Task running, IProgress<EncryptionJobReport>? progress, CancellationToken cancellationToken)
    {
        // How the earlier run ended is its caller's to see; this one only needs it out of the way.
        await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
        return await RunAsync(progress, cancellationToken);
    }

    private async Task<EncryptionJobReport> RunCoreAsync(IProgress<EncryptionJobReport>? progress, CancellationToken cancellationToken)
    {
        var report = await job.RunAsync(Reencrypt, write: true, progress, cancellationToken);
        Log.ReencryptionFinished(logger, report.RowsScanned, report.Rewritten);
        return report;
    }

    private static (object? Value, object? Index)? Reencrypt(EncryptedTableColumn column, object? stored, object? index)
    {
        // Legacy plaintext is the migration job's to encrypt.
        if (stored is null || column.Converter.IsPlaintext(stored))
        {
            return null;
        }

        return column.Converter.Column.Reencrypt(column.Converter.ToEnvelope(stored)) is { } envelope
            ? (column.Converter.FromEnvelope(envelope), null)
            : null;
    }
}
