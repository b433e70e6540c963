using Microsoft.Extensions.Logging;

namespace MySocium.Gdpr.Keys;

internal sealed class ReencryptionJob(EncryptedColumnJob job, ILogger<ReencryptionJob> logger) : IReencryptionJob
{
    public async Task<EncryptionJobReport> RunAsync(IProgress<EncryptionJobReport>? progress = null, CancellationToken cancellationToken = default)
    {
        var report = await job.RunAsync(Reencrypt, write: true, progress, cancellationToken);
        Log.ReencryptionFinished(logger, report.Columns.Sum(c => c.Scanned), report.Rewritten);
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
