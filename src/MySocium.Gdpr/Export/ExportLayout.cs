using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
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
        var deleted = plan.Nodes.Select(node => (
            Entity: node.EntityType,
            Suffix: "",
            Path: node.Path,
            Rows: (Func<DbContext, object, IQueryable>)((db, id) => ErasureQueries.Rows(db, node, id)),
            Reason: (string?)null));

        // Retained rows are the subject's too (an invoice); erasure anonymizes them, so they belong in the
        // export. Rows that are only detached are other people's (a post the subject last edited): not exported.
        var retained = plan.Detaches.Where(d => d.RetainReason is not null).Select(detach => (
            Entity: detach.ForeignKey.DeclaringEntityType,
            Suffix: "." + string.Join("+", detach.ForeignKey.Properties.Select(p => p.Name)),
            Path: detach.Describe(),
            Rows: (Func<DbContext, object, IQueryable>)((db, id) => ErasureQueries.Referencing(db, detach.ForeignKey.DeclaringEntityType, detach.ForeignKey, detach.Principal, id)),
            Reason: detach.RetainReason));
        var sections = deleted.Concat(retained).ToList();
        var shortNames = sections.Select(s => NameOf(s.Entity)).ToList();
        var fullNames = sections.Select(s => s.Entity.Name).ToList();

        // Short names read best; where two entities share one, their full names keep the data's keys apart,
        // and where rows of one entity are retained through two references, the reference's name.
        Entities = sections
            .Select((section, i) => new ExportEntity(
                section.Entity,
                shortNames.Count(n => n == shortNames[i]) == 1 ? shortNames[i]
                    : fullNames.Count(n => n == fullNames[i]) == 1 ? fullNames[i]
                    : fullNames[i] + section.Suffix,
                section.Path,
                section.Rows,
                section.Reason))
            .ToList();
    }

    /// <summary>Gets the subject's entity name.</summary>
    public string Subject { get; }

    /// <summary>Gets the entities whose rows are the subject's, the subject first, then the rows erasure retains.</summary>
    public IReadOnlyList<ExportEntity> Entities { get; }

    public static ExportLayout For(ErasurePlan plan) => Layouts.GetValue(plan, p => new ExportLayout(p));

    /// <summary>A type's name as the export shows it: the class name, or a shared-type entity's own name (<c>PostTag</c>, not its dictionary type).</summary>
    public static string NameOf(ITypeBase type) => type.HasSharedClrType ? type.ShortName() : type.DisplayName();
}
