using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Encryption;

/// <summary>
/// Before changes are saved, copies each added or changed searchable value into its blind-index
/// shadow property, whose converter turns it into the index. Unchanged values are not rewritten.
/// </summary>
internal sealed class BlindIndexSaveChangesInterceptor : SaveChangesInterceptor
{
    private readonly ConcurrentDictionary<IEntityType, (string Property, string Shadow)[]> _searchable = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        FillBlindIndexes(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        FillBlindIndexes(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void FillBlindIndexes(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var (property, shadow) in _searchable.GetOrAdd(entry.Metadata, SearchableProperties))
            {
                var value = entry.Property(property);
                if (entry.State == EntityState.Added || value.IsModified)
                {
                    entry.Property(shadow).CurrentValue = value.CurrentValue;
                }
            }
        }
    }

    private static (string Property, string Shadow)[] SearchableProperties(IEntityType entityType)
        => [.. entityType.GetProperties()
            .Where(p => p.FindAnnotation(GdprAnnotationNames.BlindIndex) is not null)
            .Select(p => (p.Name, (string)p.FindAnnotation(GdprAnnotationNames.BlindIndex)!.Value!))];
}
