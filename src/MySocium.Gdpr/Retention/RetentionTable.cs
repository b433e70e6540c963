using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using MySocium.Gdpr.Encryption;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Retention;

/// <summary>A row due for anonymization: its key, and each IP column's stored value and value as the model sees it (decrypted).</summary>
internal sealed record RetentionRow(object[] Key, object?[] Stored, object?[] Values);

/// <summary>New model values for some of a row's IP columns; applied only if the row still holds what was read.</summary>
internal sealed record RetentionRewrite(RetentionRow Row, bool[] Changed, object?[] Values);

/// <summary>
/// Reads and rewrites the IP columns of a retention table with plain SQL, past EF's change tracker:
/// rows are paged by key, values pass through each column's converter (so encrypted columns are
/// decrypted, and re-encrypted on write), and a rewrite lands only if the row was not changed since
/// it was read. Sends a batch's updates in one round trip where the provider can, else reuses one
/// prepared statement.
/// </summary>
internal sealed class RetentionTable
{
    /// <summary>Stands for a stored value that could not be decrypted.</summary>
    private static readonly object Undecryptable = new();

    private readonly DbContext _db;
    private readonly RetentionPlan _plan;
    private readonly ISqlGenerationHelper _sql;
    private readonly IProperty?[] _indexes;
    private readonly ValueConverter?[] _converters;
    private readonly ValueConverter?[] _indexConverters;
    private readonly string[] _newValueNames;
    private readonly string[] _newIndexNames;
    private readonly string[] _oldValueNames;
    private readonly string[] _keyNames;
    private readonly string _table;
    private readonly string[] _keys;
    private readonly string[] _columns;

    public RetentionTable(DbContext db, RetentionPlan plan)
    {
        _db = db;
        _plan = plan;
        _sql = db.GetService<ISqlGenerationHelper>();
        var table = plan.Table;
        _table = _sql.DelimitIdentifier(table.Name, table.Schema);
        _keys = [.. plan.Key.Select(p => _sql.DelimitIdentifier(p.GetColumnName(table)!))];
        _columns = [.. plan.IpAddresses.Select(p => _sql.DelimitIdentifier(p.GetColumnName(table)!))];

        // A searchable IP column's blind index would still find the raw address: it is rewritten with the value.
        _indexes = [.. plan.IpAddresses.Select(p => p.FindAnnotation(GdprAnnotationNames.BlindIndex)?.Value is string shadow ? plan.EntityType.FindProperty(shadow) : null)];

        // Looked up once: a batch converts thousands of values.
        _converters = [.. plan.IpAddresses.Select(p => p.GetTypeMapping().Converter)];
        _indexConverters = [.. _indexes.Select(p => p?.GetTypeMapping().Converter)];
        _newValueNames = Names("@n", _columns.Length);
        _newIndexNames = Names("@x", _columns.Length);
        _oldValueNames = Names("@o", _columns.Length);
        _keyNames = Names("@k", _keys.Length);
    }

    /// <summary>Reads the next rows older than <paramref name="cutoff"/> with any IP value, after the key <paramref name="after"/>.</summary>
    public async Task<List<RetentionRow>> ReadAsync(object cutoff, object[]? after, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(cancellationToken);
        var sql = new StringBuilder($"SELECT {string.Join(", ", _keys.Concat(_columns))} FROM {_table}");
        sql.Append(CultureInfo.InvariantCulture, $" WHERE {Quote(_plan.Timestamp)} < {Parameter(command, ToProvider(_plan.Timestamp, cutoff))}");
        sql.Append(CultureInfo.InvariantCulture, $" AND ({string.Join(" OR ", _columns.Select(c => $"{c} IS NOT NULL"))})");
        if (after is not null)
        {
            var values = after.Select(v => Parameter(command, v)).ToList();
            sql.Append(_keys.Length == 1
                ? $" AND {_keys[0]} > {values[0]}"
                : $" AND ({string.Join(", ", _keys)}) > ({string.Join(", ", values)})");
        }

        sql.Append(CultureInfo.InvariantCulture, $" ORDER BY {string.Join(", ", _keys)} LIMIT {batchSize}");
        command.CommandText = sql.ToString();

        var rows = new List<RetentionRow>(batchSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new object[_keys.Length];
            for (var i = 0; i < key.Length; i++)
            {
                key[i] = reader.GetValue(i);
            }

            var stored = new object?[_columns.Length];
            var values = new object?[_columns.Length];
            for (var i = 0; i < stored.Length; i++)
            {
                if (!reader.IsDBNull(key.Length + i))
                {
                    stored[i] = reader.GetValue(key.Length + i);
                    values[i] = Read(i, stored[i]!);
                }
            }

            rows.Add(new RetentionRow(key, stored, values));
        }

        return rows;
    }

    /// <summary>
    /// The value as the model sees it. A stored value that is damaged (altered, truncated) cannot be truncated
    /// either: it comes back as an object that is no address, so anonymization sets it to null and counts it as
    /// malformed, and one bad row does not stop the run. A failure of this instance (a data key it does not hold)
    /// stops the run instead, rather than erase what another instance could truncate.
    /// </summary>
    private object? Read(int column, object stored)
    {
        if (_converters[column] is not { } converter)
        {
            return stored;
        }

        try
        {
            return converter.ConvertFromProvider(stored);
        }
        catch (PersonalDataDecryptionException e) when (e.Damaged)
        {
            return Undecryptable;
        }
    }

    /// <summary>Applies <paramref name="rewrites"/> in the open transaction; returns how many landed.</summary>
    public async Task<int> WriteAsync(IReadOnlyList<RetentionRewrite> rewrites, CancellationToken cancellationToken)
    {
        var connection = _db.Database.GetDbConnection();
        var transaction = _db.Database.CurrentTransaction?.GetDbTransaction();
        if (connection.CanCreateBatch)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var rewrite in rewrites)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = Update(rewrite.Changed);
                Bind(rewrite, (name, value) =>
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = value;
                    command.Parameters.Add(parameter);
                });
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            return batch.BatchCommands.Count(c => c.RecordsAffected == 1);
        }

        var landed = 0;
        var prepared = new Dictionary<string, DbCommand>(StringComparer.Ordinal);
        try
        {
            foreach (var rewrite in rewrites)
            {
                var shape = string.Concat(rewrite.Changed.Select(c => c ? '1' : '0'));
                if (!prepared.TryGetValue(shape, out var command))
                {
                    command = connection.CreateCommand();
                    command.Transaction = transaction;
                    command.CommandText = Update(rewrite.Changed);
                    Bind(rewrite, (name, value) => Parameter(command, name, value));
                    prepared[shape] = command;
                    await command.PrepareAsync(cancellationToken);
                }
                else
                {
                    Bind(rewrite, (name, value) => command.Parameters[name].Value = value);
                }

                landed += await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            foreach (var command in prepared.Values)
            {
                await command.DisposeAsync();
            }
        }

        return landed;
    }

    /// <summary>The UPDATE for rows with these columns changed; <see cref="Bind"/> names its parameters alike.</summary>
    private string Update(bool[] changed)
    {
        var sets = new List<string>();
        var checks = new List<string>();
        for (var i = 0; i < _columns.Length; i++)
        {
            if (changed[i])
            {
                sets.Add($"{_columns[i]} = {_newValueNames[i]}");
                if (_indexes[i] is { } index)
                {
                    sets.Add($"{Quote(index)} = {_newIndexNames[i]}");
                }

                checks.Add($"{_columns[i]} = {_oldValueNames[i]}");
            }
        }

        var keys = _keys.Select((k, i) => $"{k} = {_keyNames[i]}");
        return $"UPDATE {_table} SET {string.Join(", ", sets)} WHERE {string.Join(" AND ", keys.Concat(checks))}";
    }

    private void Bind(RetentionRewrite rewrite, Action<string, object> set)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            if (rewrite.Changed[i])
            {
                var value = rewrite.Values[i];
                set(_newValueNames[i], value is null ? DBNull.Value : ToProvider(_converters[i], value));
                if (_indexes[i] is not null)
                {
                    set(_newIndexNames[i], value is null ? DBNull.Value : ToProvider(_indexConverters[i], value));
                }

                set(_oldValueNames[i], rewrite.Row.Stored[i]!);
            }
        }

        for (var i = 0; i < _keys.Length; i++)
        {
            set(_keyNames[i], rewrite.Row.Key[i]);
        }
    }

    private static string[] Names(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture))];

    private static object ToProvider(ValueConverter? converter, object value) => converter is null ? value : converter.ConvertToProvider(value)!;

    private static object ToProvider(IProperty property, object value) => ToProvider(property.GetTypeMapping().Converter, value);

    private async Task<DbCommand> CommandAsync(CancellationToken cancellationToken)
    {
        await _db.Database.OpenConnectionAsync(cancellationToken);
        var command = _db.Database.GetDbConnection().CreateCommand();
        command.Transaction = _db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    private static string Parameter(DbCommand command, object value) => Parameter(command, $"@p{command.Parameters.Count}", value);

    private static string Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter.ParameterName;
    }

    private string Quote(IProperty property) => _sql.DelimitIdentifier(property.GetColumnName(_plan.Table)!);
}
