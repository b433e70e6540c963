using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using MySocium.Gdpr.Encryption;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Keys;

/// <summary>An encrypted column as the key-maintenance jobs see it: where it is stored and how.</summary>
internal sealed record EncryptedTableColumn(
    string Entity, string Property, string Column, IEncryptingConverter Converter, string? IndexColumn, ValueConverter? IndexConverter);

/// <summary>A table holding encrypted columns, with the key columns its rows are paged by.</summary>
internal sealed record EncryptedTable(string Name, string? Schema, IReadOnlyList<string> KeyColumns, IReadOnlyList<EncryptedTableColumn> Columns)
{
    /// <summary>Finds every table and column of a model that holds encrypted values.</summary>
    public static IReadOnlyList<EncryptedTable> Of(IModel model)
    {
        var tables = new Dictionary<StoreObjectIdentifier, (IReadOnlyList<string> Keys, Dictionary<string, EncryptedTableColumn> Columns)>();
        foreach (var entityType in model.GetEntityTypes())
        {
            if (StoreObjectIdentifier.Create(entityType, StoreObjectType.Table) is not { } table)
            {
                continue;
            }

            foreach (var property in entityType.GetProperties())
            {
                if (EncryptingValueConverters.Find(property.GetValueConverter()) is not { } converter
                    || property.GetColumnName(table) is not { } column)
                {
                    continue;
                }

                var key = entityType.FindPrimaryKey()
                    ?? throw new InvalidOperationException(
                        $"{entityType.DisplayName()} has encrypted properties but no primary key, so its rows cannot be rewritten one by one. Give it a key.");
                if (!tables.TryGetValue(table, out var entry))
                {
                    entry = ([.. key.Properties.Select(p => p.GetColumnName(table)!)], []);
                    tables[table] = entry;
                }

                var index = property.FindAnnotation(GdprAnnotationNames.BlindIndex)?.Value is string shadowName
                    ? entityType.FindProperty(shadowName)
                    : null;
                entry.Columns.TryAdd(column, new EncryptedTableColumn(
                    entityType.DisplayName(), property.Name, column, converter, index?.GetColumnName(table), index?.GetValueConverter()));
            }
        }

        return [.. tables
            .OrderBy(t => t.Key.Name, StringComparer.Ordinal)
            .Select(t => new EncryptedTable(t.Key.Name, t.Key.Schema, t.Value.Keys, [.. t.Value.Columns.Values]))];
    }
}
