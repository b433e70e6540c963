using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MySocium.Gdpr.Erasure;

/// <summary>
/// Runs a step EF cannot run as set-based statements: its rows are loaded tracked (query filters
/// ignored, found by the same subqueries), removed or changed, and saved in one <c>SaveChanges</c>
/// inside the erasure's transaction. Row-sharing entities (table splitting) are removed in the same
/// save, so EF deletes their shared rows whole.
/// </summary>
internal static class ErasureTracked
{
    /// <summary>Runs the step; returns the rows of each of its parts.</summary>
    public static async Task<int[]> RunAsync(DbContext db, ErasureStep step, object subjectId, CancellationToken cancellationToken)
    {
        var counts = new int[step.Parts.Count];
        for (var i = 0; i < step.Parts.Count; i++)
        {
            var part = step.Parts[i];
            var rows = await ErasureQueries.LoadTrackedAsync(part.Rows(db, subjectId, part.EntityType), cancellationToken);
            counts[i] = rows.Count;
            foreach (var row in rows)
            {
                if (step.Action == ErasureAction.Delete)
                {
                    db.Remove(row);
                }
                else
                {
                    var entry = db.Entry(row);
                    foreach (var value in step.Values.Where(v => entry.Metadata.GetAllBaseTypesInclusive().Contains(v.Owner)))
                    {
                        Set(entry, value, 0);
                    }
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return counts;
    }

    private static void Set(EntityEntry entry, ErasureValue value, int depth)
    {
        if (depth == value.Path.Count)
        {
            entry.Property(value.Property).CurrentValue = value.Value;
            return;
        }

        switch (value.Path[depth])
        {
            case INavigation { IsCollection: true } navigation:
                var collection = entry.Collection(navigation);
                foreach (var item in collection.CurrentValue?.Cast<object>() ?? [])
                {
                    Set(collection.FindEntry(item)!, value, depth + 1);
                }

                break;
            case INavigation navigation:
                if (entry.Reference(navigation).TargetEntry is { } target)
                {
                    Set(target, value, depth + 1);
                }

                break;
            case IComplexProperty complex:
                Set(entry.ComplexProperty(complex), value, depth + 1);
                break;
        }
    }

    private static void Set(ComplexPropertyEntry entry, ErasureValue value, int depth)
    {
        if (entry.CurrentValue is null)
        {
            return;
        }

        if (depth == value.Path.Count)
        {
            entry.Property(value.Property).CurrentValue = value.Value;
        }
        else
        {
            Set(entry.ComplexProperty((IComplexProperty)value.Path[depth]), value, depth + 1);
        }
    }
}
