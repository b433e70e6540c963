using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Metadata;
using MySocium.Gdpr.Erasure;

namespace MySocium.Gdpr.Export;

/// <summary>What an export writes, worked out once per erasure plan (so once per model).</summary>
internal sealed class ExportLayout
{
    private static readonly ConditionalWeakTable<ErasurePlan, ExportLayout> Layouts = new();

    private ExportLayout(ErasurePlan plan)
    {
        Subject = NameOf(plan.Subject);
        var names = plan.Nodes.Select(n => NameOf(n.EntityType)).ToList();

        // Short names read best; where two entities share one, their full names keep the data's keys apart.
        Entities = plan.Nodes
            .Select((node, i) => new ExportEntity(node, names.Count(n => n == names[i]) == 1 ? names[i] : node.EntityType.Name))
            .ToList();
    }

    /// <summary>Gets the subject's entity name.</summary>
    public string Subject { get; }

    /// <summary>Gets the entities whose rows are the subject's, the subject first.</summary>
    public IReadOnlyList<ExportEntity> Entities { get; }

    public static ExportLayout For(ErasurePlan plan) => Layouts.GetValue(plan, p => new ExportLayout(p));

    /// <summary>A type's name as the export shows it: the class name, or a shared-type entity's own name (<c>PostTag</c>, not its dictionary type).</summary>
    public static string NameOf(ITypeBase type) => type.HasSharedClrType ? type.ShortName() : type.DisplayName();
}
