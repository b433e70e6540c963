using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Keys;

/// <summary>
/// Pages through every encrypted column of the store's model and rewrites the values a decision
/// picks: the engine of re-encryption, plaintext migration and key-usage counts.
/// </summary>
internal sealed class EncryptedColumnJob(IServiceProvider services, IOptions<GdprOptions> options)
{
    /// <summary>The new stored value and blind index of one value, or null to leave it.</summary>
    public delegate (object? Value, object? Index)? Decide(EncryptedTableColumn column, object? stored, object? index);

    /// <summary>How many more times a rewrite that did not land, because the row changed meanwhile, is decided and tried again.</summary>
    private const int Retries = 3;

    public async Task<EncryptionJobReport> RunAsync(Decide decide, bool write, IProgress<EncryptionJobReport>? progress, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        var store = new EncryptedTableStore(db);
        var reports = new List<EncryptionJobColumnReport>();
        var rows = 0L;
        foreach (var table in EncryptedTable.Of(db.Model))
        {
            var counts = table.Columns.Select(c => new EncryptionJobColumnReport(c.Entity, c.Property, 0, 0, 0)).ToArray();
            await foreach (var batch in store.ScanAsync(table, options.Value.Encryption.BatchSize, cancellationToken))
            {
                rows += batch.Count;
                var pending = new long[table.Columns.Count];
                var rewritten = new long[table.Columns.Count];
                var rewrites = Plan(table, batch, decide, pending);
                for (var attempt = 0; write && rewrites.Count > 0; attempt++)
                {
                    var landed = await store.RewriteAsync(table, rewrites, cancellationToken);
                    for (var i = 0; i < rewritten.Length; i++)
                    {
                        rewritten[i] += rewrites.Where((w, r) => landed[r] && (w.NewValues[i] is not null || w.NewIndexes[i] is not null)).LongCount();
                    }

                    // A row the application changed since it was read (in a column this job leaves alone, say) is decided
                    // again on what it holds now, so the rest of it is not left behind.
                    var changed = rewrites.Where((w, r) => !landed[r]).Select(w => w.Row.Key).ToList();
                    if (changed.Count == 0 || attempt == Retries)
                    {
                        break;
                    }

                    rewrites = Plan(table, await store.RereadAsync(table, changed, cancellationToken), decide, new long[table.Columns.Count]);
                }

                for (var i = 0; i < counts.Length; i++)
                {
                    counts[i] = counts[i] with
                    {
                        Scanned = counts[i].Scanned + batch.Count,
                        Pending = counts[i].Pending + pending[i],
                        Rewritten = counts[i].Rewritten + rewritten[i],
                    };
                }

                progress?.Report(new EncryptionJobReport([.. reports, .. counts]) { RowsScanned = rows });
            }

            reports.AddRange(counts);
        }

        return new EncryptionJobReport(reports) { RowsScanned = rows };
    }

    /// <summary>The rewrites <paramref name="decide"/> picks for <paramref name="rows"/>, counting the values it picks per column.</summary>
    private static List<RowRewrite> Plan(EncryptedTable table, IReadOnlyList<StoredRow> rows, Decide decide, long[] pending)
    {
        var rewrites = new List<RowRewrite>();
        foreach (var row in rows)
        {
            var values = new object?[table.Columns.Count];
            var indexes = new object?[table.Columns.Count];
            for (var i = 0; i < table.Columns.Count; i++)
            {
                if (decide(table.Columns[i], row.Values[i], row.Indexes[i]) is { } change)
                {
                    (values[i], indexes[i]) = change;
                    pending[i]++;
                }
            }

            if (values.Any(v => v is not null) || indexes.Any(v => v is not null))
            {
                rewrites.Add(new RowRewrite(row, values, indexes));
            }
        }

        return rewrites;
    }
}
