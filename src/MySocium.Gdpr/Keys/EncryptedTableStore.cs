using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace MySocium.Gdpr.Keys;

/// <summary>One row of an encrypted table as stored: key values, then each column's stored value and blind index.</summary>
internal sealed record StoredRow(object[] Key, object?[] Values, object?[] Indexes);

/// <summary>A change to one stored row, applied only if the row still holds what was read (compare and swap).</summary>
internal sealed record RowRewrite(StoredRow Row, object?[] NewValues, object?[] NewIndexes);

/// <summary>
/// Reads and rewrites encrypted columns with plain SQL, past the converters: rows are paged by
/// key, and each rewrite only lands if the row was not changed since it was read, so a job never
/// overwrites a value the application wrote meanwhile.
/// </summary>
internal sealed class EncryptedTableStore(DbContext db)
{
    private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();

    public async IAsyncEnumerable<IReadOnlyList<StoredRow>> ScanAsync(
        EncryptedTable table, int batchSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        object[]? after = null;
        while (true)
        {
            var rows = await ReadBatchAsync(table, after, batchSize, cancellationToken);
            if (rows.Count > 0)
            {
                yield return rows;
            }

            if (rows.Count < batchSize)
            {
                yield break;
            }

            after = rows[^1].Key;
        }
    }

    /// <summary>Applies rewrites in one transaction; returns, for each, whether it landed.</summary>
    public async Task<bool[]> RewriteAsync(EncryptedTable table, IReadOnlyList<RowRewrite> rewrites, CancellationToken cancellationToken)
    {
        var landed = new bool[rewrites.Count];
        if (rewrites.Count == 0)
        {
            return landed;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        for (var r = 0; r < rewrites.Count; r++)
        {
            var rewrite = rewrites[r];
            await using var command = await CommandAsync(cancellationToken);
            var sets = new List<string>();
            var checks = new List<string>();
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var column = table.Columns[i];
                if (rewrite.NewValues[i] is { } value)
                {
                    sets.Add($"{Quote(column.Column)} = {Parameter(command, value)}");
                    checks.Add($"{Quote(column.Column)} = {Parameter(command, rewrite.Row.Values[i]!)}");
                }

                if (rewrite.NewIndexes[i] is { } index && column.IndexColumn is { } indexColumn)
                {
                    sets.Add($"{Quote(indexColumn)} = {Parameter(command, index)}");
                }
            }

            if (sets.Count == 0)
            {
                continue;
            }

            var keys = table.KeyColumns.Select((k, i) => $"{Quote(k)} = {Parameter(command, rewrite.Row.Key[i])}");
            command.CommandText = $"UPDATE {Table(table)} SET {string.Join(", ", sets)} WHERE {string.Join(" AND ", keys.Concat(checks))}";
            landed[r] = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }

        await transaction.CommitAsync(cancellationToken);
        return landed;
    }

    /// <summary>Reads these rows again, as they are now; a row deleted meanwhile is left out.</summary>
    public async Task<List<StoredRow>> RereadAsync(EncryptedTable table, IEnumerable<object[]> keys, CancellationToken cancellationToken)
    {
        var rows = new List<StoredRow>();
        foreach (var key in keys)
        {
            await using var command = await CommandAsync(cancellationToken);
            var where = table.KeyColumns.Select((k, i) => $"{Quote(k)} = {Parameter(command, key[i])}");
            command.CommandText = $"{Select(table)} WHERE {string.Join(" AND ", where)}";
            rows.AddRange(await ReadAsync(command, table, cancellationToken));
        }

        return rows;
    }

    private async Task<List<StoredRow>> ReadBatchAsync(EncryptedTable table, object[]? after, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(cancellationToken);
        var keys = table.KeyColumns.Select(Quote).ToList();
        var sql = new StringBuilder(Select(table));
        if (after is not null)
        {
            var values = after.Select(v => Parameter(command, v)).ToList();
            sql.Append(keys.Count == 1
                ? $" WHERE {keys[0]} > {values[0]}"
                : $" WHERE ({string.Join(", ", keys)}) > ({string.Join(", ", values)})");
        }

        sql.Append(CultureInfo.InvariantCulture, $" ORDER BY {string.Join(", ", keys)} LIMIT {batchSize}");
        command.CommandText = sql.ToString();
        return await ReadAsync(command, table, cancellationToken);
    }

    /// <summary>The key columns, then each column's stored value and blind index (NULL without one).</summary>
    private string Select(EncryptedTable table)
    {
        var columns = table.Columns.SelectMany(c => new[] { Quote(c.Column), c.IndexColumn is null ? "NULL" : Quote(c.IndexColumn) });
        return $"SELECT {string.Join(", ", table.KeyColumns.Select(Quote).Concat(columns))} FROM {Table(table)}";
    }

    private static async Task<List<StoredRow>> ReadAsync(DbCommand command, EncryptedTable table, CancellationToken cancellationToken)
    {
        var rows = new List<StoredRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new object[table.KeyColumns.Count];
            for (var i = 0; i < key.Length; i++)
            {
                key[i] = reader.GetValue(i);
            }

            var values = new object?[table.Columns.Count];
            var indexes = new object?[table.Columns.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Read(reader, key.Length + (2 * i));
                indexes[i] = Read(reader, key.Length + (2 * i) + 1);
            }

            rows.Add(new StoredRow(key, values, indexes));
        }

        return rows;
    }

    private static object? Read(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal);

    private async Task<DbCommand> CommandAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    private static string Parameter(DbCommand command, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = $"@p{command.Parameters.Count}";
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter.ParameterName;
    }

    private string Quote(string identifier) => _sql.DelimitIdentifier(identifier);

    private string Table(EncryptedTable table) => _sql.DelimitIdentifier(table.Name, table.Schema);
}
