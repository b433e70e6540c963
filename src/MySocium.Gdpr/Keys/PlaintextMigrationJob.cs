using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Logging;

namespace MySocium.Gdpr.Keys;

internal sealed class PlaintextMigrationJob(EncryptedColumnJob job, ILogger<PlaintextMigrationJob> logger) : IPlaintextMigrationJob
{
    public async Task<EncryptionJobReport> RunAsync(bool dryRun = false, IProgress<EncryptionJobReport>? progress = null, CancellationToken cancellationToken = default)
    {
        var report = await job.RunAsync(Migrate, write: !dryRun, progress, cancellationToken);
        Log.MigrationFinished(logger, dryRun, report.RowsScanned, report.Pending, report.Rewritten);
        return report;
    }

    private static (object? Value, object? Index)? Migrate(EncryptedTableColumn column, object? stored, object? index)
    {
        if (stored is null)
        {
            return null;
        }

        var converter = column.Converter;
        if (converter.IsPlaintext(stored))
        {
            return (converter.EncryptPlaintext(stored), column.IndexConverter?.ConvertToProvider(stored));
        }

        // An encrypted value without its blind index (written before the property became searchable).
        return index is null && column.IndexConverter is { } indexConverter
            ? (null, indexConverter.ConvertToProvider(((ValueConverter)converter).ConvertFromProvider(stored)))
            : null;
    }
}
