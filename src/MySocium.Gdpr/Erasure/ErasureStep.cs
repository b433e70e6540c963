using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MySocium.Gdpr.Erasure;

/// <summary>
/// The rows of one entity that a step touches, reported on their own in the receipt.
/// <see cref="Rows"/> gives them as rows of the entity or of one of its derived types.
/// </summary>
internal sealed record ErasurePart(IEntityType EntityType, string Path, Func<DbContext, object, IEntityType, IQueryable> Rows)
{
    public string Entity => EntityType.DisplayName();
}

/// <summary>
/// One set-based statement of a step: deletes the step's rows of <see cref="Target"/>, or sets
/// <see cref="Values"/> (columns of <see cref="Table"/>) on them. A step's rows are the sum of the statements that count them.
/// </summary>
internal sealed record ErasureStatement(IEntityType Target, string Table, IReadOnlyList<ErasureValue>? Values, bool CountsRows);

/// <summary>
/// One step of an erasure: a delete, detach or retain, run either as set-based <see cref="Statements"/>
/// (as many as the mapping has tables, however many rows) or, where EF cannot bulk-operate on the
/// mapping, tracked: the rows are loaded, removed or changed, and saved.
/// </summary>
/// <param name="Action">What happens to the rows.</param>
/// <param name="Parts">The entities whose rows the step touches: one, or a row-sharing group (table splitting) deleted together.</param>
/// <param name="Values">What a detach or retain writes; empty for a delete.</param>
/// <param name="Statements">The set-based statements, in order; null when tracked.</param>
/// <param name="TrackedBecause">Why EF cannot run the step as set-based statements; null when it can.</param>
/// <param name="Description">The step as the plan describes it.</param>
internal sealed record ErasureStep(
    ErasureAction Action,
    IReadOnlyList<ErasurePart> Parts,
    IReadOnlyList<ErasureValue> Values,
    IReadOnlyList<ErasureStatement>? Statements,
    string? TrackedBecause,
    string Description);

/// <summary>
/// Decides from the model how each step of a plan runs. EF cannot <c>ExecuteDelete</c> on a TPT
/// hierarchy, a TPC type with derived types, an entity split over tables or a table shared with
/// other entity types, and <c>ExecuteUpdate</c> sets the columns of one table only: a TPC hierarchy
/// then gets one statement per leaf table, a TPT hierarchy one update per table, and what remains
/// (TPT deletes, table splitting, owned collections) is tracked.
/// </summary>
internal static class ErasureSteps
{
    public static IReadOnlyList<ErasureStep> For(ErasurePlan plan)
    {
        var steps = plan.Detaches.Select(Update).ToList();
        foreach (var node in plan.Nodes.Reverse())
        {
            if (!SharesParentRow(node))
            {
                steps.Add(Delete(node, RowSharers(plan, node)));
            }
        }

        return steps;
    }

    /// <summary>
    /// Whether the foreign key makes its entity's rows the other half of its principal's rows (table
    /// splitting). Both halves are removed in one save, so EF deletes the shared row whole instead of
    /// clearing half of it (or refusing, for a required half).
    /// </summary>
    private static bool SharesRows(IForeignKey foreignKey)
        => !foreignKey.IsOwnership
            && StoreObjectIdentifier.Create(foreignKey.DeclaringEntityType, StoreObjectType.Table) is { } table
            && foreignKey.DeclaringEntityType.FindRowInternalForeignKeys(table).Contains(foreignKey);

    private static bool SharesParentRow(ErasureNode node) => node.Via is { } via && SharesRows(via);

    /// <summary>The nodes whose rows are halves of <paramref name="node"/>'s rows, deepest first.</summary>
    private static List<ErasureNode> RowSharers(ErasurePlan plan, ErasureNode node)
    {
        var sharers = new List<ErasureNode>();
        foreach (var child in plan.Nodes.Where(n => n.Parent == node && SharesParentRow(n)))
        {
            sharers.AddRange(RowSharers(plan, child));
            sharers.Add(child);
        }

        return sharers;
    }

    private static ErasureStep Delete(ErasureNode node, List<ErasureNode> sharers)
    {
        var parts = sharers.Append(node)
            .Select(n => new ErasurePart(n.EntityType, n.Path, (db, id, type) => ErasureQueries.Rows(db, n, id, type)))
            .ToList();
        var entity = node.EntityType;
        var description = $"delete {entity.DisplayName()} ({node.Path})"
            + string.Concat(sharers.Select(s => $", with {s.EntityType.DisplayName()} ({s.Path}) sharing its rows"));
        if (sharers.Count > 0)
        {
            var names = string.Join(" and ", sharers.Select(s => s.EntityType.DisplayName()));
            return Tracked(ErasureAction.Delete, parts, [], description, $"its rows are shared with {names}, which go with them");
        }

        if (WhyNoBulkDelete(entity) is not { } why)
        {
            return new ErasureStep(ErasureAction.Delete, parts, [], [new ErasureStatement(entity, entity.GetTableName()!, null, CountsRows: true)], null, description);
        }

        if (TpcLeaves(entity) is { } leaves && leaves.All(l => WhyNoBulkDelete(l) is null))
        {
            var statements = leaves.Select(l => new ErasureStatement(l, l.GetTableName()!, null, CountsRows: true)).ToList();
            return new ErasureStep(ErasureAction.Delete, parts, [], statements, null, InStatements(description, statements.Count, statements.Select(s => s.Table)));
        }

        return Tracked(ErasureAction.Delete, parts, [], description, why);
    }

    private static ErasureStep Update(ErasureDetach detach)
    {
        var entity = detach.ForeignKey.DeclaringEntityType;
        var parts = new List<ErasurePart>
        {
            new(entity, detach.Describe(), (db, id, type) => ErasureQueries.Referencing(db, type, detach.ForeignKey, detach.Principal, id)),
        };
        var values = ErasureValues.For(detach);
        var description = $"{(detach.RetainReason is null ? "detach" : "retain")} {detach.Describe()}";
        var targets = entity.GetMappingStrategy() == RelationalAnnotationNames.TpcMappingStrategy && entity.GetDirectlyDerivedTypes().Any()
            ? TpcLeaves(entity)
            : [entity];
        if (targets is null)
        {
            return Tracked(detach.Action, parts, values, description, "EF cannot update a TPC hierarchy whose concrete types have derived types in bulk");
        }

        var statements = new List<ErasureStatement>();
        foreach (var target in targets)
        {
            if (UpdatesOf(target, entity, values, out var why) is not { } updates)
            {
                return Tracked(detach.Action, parts, values, description, why);
            }

            statements.AddRange(updates);
        }

        return new ErasureStep(detach.Action, parts, values, statements, null, statements.Count == 1 ? description : InStatements(description, statements.Count, statements.Select(s => s.Table)));
    }

    /// <summary>
    /// The updates setting <paramref name="values"/> on the rows of <paramref name="target"/>, one per
    /// entity type and table (EF sets one table's columns per statement). The foreign key's comes last:
    /// the others find their rows through it.
    /// </summary>
    private static List<ErasureStatement>? UpdatesOf(IEntityType target, IEntityType entity, IReadOnlyList<ErasureValue> values, out string why)
    {
        var groups = new List<(IEntityType Type, ITable Table, List<ErasureValue> Values)>();
        foreach (var value in values)
        {
            if (!target.GetAllBaseTypesInclusive().Contains(value.Owner) && !(target == entity && value.Owner.GetAllBaseTypes().Contains(entity)))
            {
                continue;
            }

            var type = value.Owner.GetAllBaseTypes().Contains(target) ? value.Owner : target;
            if (value.Path.Any(m => m is INavigation { IsCollection: true } or IComplexProperty { IsCollection: true })
                || TableOf(type, value.Property) is not { } table)
            {
                why = $"{value.Owner.DisplayName()}.{value.Name} is not a column of the row's tables (an owned collection, a separate table or JSON)";
                return null;
            }

            var group = groups.FindIndex(g => g.Type == type && g.Table == table);
            if (group < 0)
            {
                groups.Add((type, table, [value]));
            }
            else
            {
                groups[group].Values.Add(value);
            }
        }

        // The foreign key is the first value, so its group is the first.
        why = "";
        return [.. groups.Skip(1).Append(groups[0]).Select((g, i) => new ErasureStatement(g.Type, g.Table.Name, g.Values, CountsRows: i == groups.Count - 1))];
    }

    private static ITable? TableOf(IEntityType type, IProperty property)
    {
        var tables = type.GetTableMappings().Select(m => m.Table).ToList();
        return property.GetTableColumnMappings().Select(m => m.TableMapping.Table).FirstOrDefault(tables.Contains);
    }

    /// <summary>Why EF cannot <c>ExecuteDelete</c> rows of <paramref name="entity"/>; null when it can.</summary>
    private static string? WhyNoBulkDelete(IEntityType entity)
    {
        var strategy = entity.GetMappingStrategy();
        if (strategy == RelationalAnnotationNames.TptMappingStrategy)
        {
            return "EF cannot bulk-delete rows of a TPT hierarchy";
        }

        if (strategy == RelationalAnnotationNames.TpcMappingStrategy && entity.GetDirectlyDerivedTypes().Any())
        {
            return "EF cannot bulk-delete a TPC type with derived types";
        }

        if (entity.GetTableMappings().Count() != 1)
        {
            return "EF cannot bulk-delete an entity split over several tables";
        }

        var root = entity.GetRootType();
        var table = entity.GetTableMappings().Single().Table;
        var others = table.EntityTypeMappings.Any(m => m.IsSharedTablePrincipal == true
            ? m.TypeBase != root
            : m.IsSharedTablePrincipal == false && m.TypeBase is IEntityType other && other.GetRootType() != root && !other.IsOwned());
        return others ? $"EF cannot bulk-delete from {table.Name}, which other entity types share" : null;
    }

    /// <summary>The concrete types of a TPC hierarchy, when each is a leaf with a table of its own; null otherwise.</summary>
    private static List<IEntityType>? TpcLeaves(IEntityType entity)
    {
        if (entity.GetMappingStrategy() != RelationalAnnotationNames.TpcMappingStrategy)
        {
            return null;
        }

        var concrete = entity.GetDerivedTypesInclusive().Where(t => !t.IsAbstract()).ToList();
        return concrete.All(t => !t.GetDirectlyDerivedTypes().Any()) ? concrete : null;
    }

    private static string InStatements(string description, int count, IEnumerable<string> tables)
        => $"{description}, in {count} statements on {string.Join(", ", tables)}";

    private static ErasureStep Tracked(ErasureAction action, List<ErasurePart> parts, IReadOnlyList<ErasureValue> values, string description, string why)
        => new(action, parts, values, null, why, $"{description}, tracked: {why}");
}
