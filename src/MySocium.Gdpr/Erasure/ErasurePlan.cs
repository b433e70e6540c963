using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MySocium.Gdpr.Erasure;

/// <summary>An entity whose rows are the subject's: reached from the subject through <see cref="Via"/>.</summary>
/// <param name="EntityType">The entity type.</param>
/// <param name="Via">The foreign key from this entity to <see cref="Parent"/>; null for the subject itself.</param>
/// <param name="Parent">The entity whose rows these reference.</param>
/// <param name="Depth">How many references from the subject.</param>
internal sealed record ErasureNode(IEntityType EntityType, IForeignKey? Via, ErasureNode? Parent, int Depth)
{
    /// <summary>Gets the path from the subject, as the entity and foreign key names along it.</summary>
    public string Path => Parent is null ? EntityType.DisplayName() : $"{Parent.Path} <- {EntityType.DisplayName()}.{string.Join("+", Via!.Properties.Select(p => p.Name))}";
}

/// <summary>
/// A reference to the subject's rows from rows that are not the subject's: its foreign key is set to
/// null, and for retained rows their personal data is replaced by neutral values.
/// </summary>
/// <param name="ForeignKey">The reference.</param>
/// <param name="Principal">The subject's rows it points into.</param>
/// <param name="RetainReason">Why the rows are kept and anonymized; null when they are only detached.</param>
internal sealed record ErasureDetach(IForeignKey ForeignKey, ErasureNode Principal, string? RetainReason = null)
{
    public ErasureAction Action => RetainReason is null ? ErasureAction.Detach : ErasureAction.Retain;

    public string Describe()
        => $"{ForeignKey.DeclaringEntityType.DisplayName()}.{string.Join("+", ForeignKey.Properties.Select(p => p.Name))} -> {Principal.Path}"
            + (RetainReason is null ? "" : $" (retained and anonymized: {RetainReason})");
}

/// <summary>
/// Everything erasing (and exporting) a subject touches, found from the model: every entity reachable
/// from the subject through foreign keys that reference it, each with what happens to its rows.
/// Built once per model; a model in which a reference cannot be resolved without guessing is refused,
/// naming the entity and the paths.
/// </summary>
internal sealed class ErasurePlan
{
    private ErasurePlan(IEntityType subject, IReadOnlyList<ErasureNode> nodes, IReadOnlyList<ErasureDetach> detaches)
    {
        Subject = subject;
        Nodes = nodes;
        Detaches = detaches;
        Steps = ErasureSteps.For(this);
    }

    public IEntityType Subject { get; }

    /// <summary>Gets the CLR type of the subject's key, the type of the subject ids erasure takes.</summary>
    public Type SubjectKey => Subject.FindPrimaryKey()!.Properties[0].ClrType;

    /// <summary>Gets the entities whose rows are the subject's, nearest first (the subject itself first).</summary>
    public IReadOnlyList<ErasureNode> Nodes { get; }

    /// <summary>Gets the references from other rows that erasure sets to null.</summary>
    public IReadOnlyList<ErasureDetach> Detaches { get; }

    /// <summary>Gets what erasure runs, in order: detach references first, then delete, dependents before what they reference.</summary>
    public IReadOnlyList<ErasureStep> Steps { get; }

    public static ErasurePlan Build(IModel model, Type subjectType)
    {
        var subject = model.FindEntityType(subjectType)
            ?? throw new InvalidOperationException($"The data subject {subjectType.Name} is not an entity type of the model.");
        if (subject.FindPrimaryKey() is not { Properties.Count: 1 })
        {
            throw new InvalidOperationException($"The data subject {subject.DisplayName()} needs a single-column primary key to be found by.");
        }

        var root = new ErasureNode(subject, null, null, 0);
        var nodes = new List<ErasureNode> { root };
        var detaches = new List<ErasureDetach>();
        var level = new List<ErasureNode> { root };
        var foreignKeys = model.GetEntityTypes()
            .Where(e => !e.IsOwned())
            .SelectMany(e => e.GetDeclaredForeignKeys())
            .Where(fk => !LinksToBaseType(fk))
            .OrderBy(fk => fk.DeclaringEntityType.Name, StringComparer.Ordinal)
            .ThenBy(fk => string.Join(",", fk.Properties.Select(p => p.Name)), StringComparer.Ordinal)
            .ToList();

        while (level.Count > 0)
        {
            var next = new List<ErasureNode>();
            var edges = level
                .SelectMany(node => foreignKeys.Where(fk => References(fk, node.EntityType)).Select(fk => (ForeignKey: fk, Principal: node)))
                .GroupBy(edge => edge.ForeignKey.DeclaringEntityType.GetRootType());
            foreach (var group in edges)
            {
                Resolve(group.ToList(), nodes, next, detaches);
            }

            nodes.AddRange(next);
            level = next;
        }

        return new ErasurePlan(subject, nodes, detaches);
    }

    /// <summary>
    /// Describes the plan: one line per step, in the order erasure applies them, saying which steps
    /// are tracked (and why) and which take a statement per table.
    /// </summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Erasure of a {Subject.DisplayName()}:");
        foreach (var step in Steps)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {step.Description}");
        }

        return text.ToString();
    }

    /// <summary>
    /// Whether the foreign key only ties a derived type's rows to its base type's (EF adds one per
    /// TPT table): the rows are the same entity's, not rows that reference it.
    /// </summary>
    private static bool LinksToBaseType(IForeignKey fk)
        => fk.DeclaringEntityType.GetAllBaseTypes().Contains(fk.PrincipalEntityType)
            && fk.Properties.SequenceEqual(fk.DeclaringEntityType.FindPrimaryKey()!.Properties)
            && fk.PrincipalKey.IsPrimaryKey();

    /// <summary>Whether rows of <paramref name="fk"/>'s declaring entity may reference rows of <paramref name="principal"/>.</summary>
    private static bool References(IForeignKey fk, IEntityType principal)
        => !fk.IsOwnership
            && (principal.GetAllBaseTypesInclusive().Contains(fk.PrincipalEntityType)
                || fk.PrincipalEntityType.GetAllBaseTypesInclusive().Contains(principal));

    /// <summary>
    /// Decides the references from one entity into the subject's rows. One reference makes its rows
    /// the subject's unless marked <see cref="ErasureAction.Detach"/>; of several, a single required one
    /// does and the optional others detach; references back into rows already in the plan (the
    /// subject's own type, cycles) detach. Anything else would be a guess, and is refused.
    /// </summary>
    private static void Resolve(
        List<(IForeignKey ForeignKey, ErasureNode Principal)> edges, List<ErasureNode> nodes, List<ErasureNode> next, List<ErasureDetach> detaches)
    {
        var dependent = edges[0].ForeignKey.DeclaringEntityType;
        var inPlan = nodes.Concat(next).Any(n => n.EntityType.GetRootType() == dependent.GetRootType());
        var owning = new List<(IForeignKey ForeignKey, ErasureNode Principal)>();
        foreach (var edge in edges)
        {
            var policy = ExplicitPolicy(edge.ForeignKey);
            if (policy?.Action == ErasureAction.Retain)
            {
                detaches.Add(Detachable(edge, "it is marked Retain") with { RetainReason = RetainReason(policy, dependent) });
            }
            else if (policy?.Action == ErasureAction.Detach || inPlan)
            {
                detaches.Add(Detachable(edge, inPlan ? "it points back into rows the erasure already deletes (a cycle or a self-reference)" : null));
            }
            else
            {
                owning.Add(edge);
            }
        }

        if (owning.Count == 0)
        {
            return;
        }

        var chosen = owning.Count == 1 ? owning[0] : SingleRequired(owning);
        next.Add(new ErasureNode(dependent, chosen.ForeignKey, chosen.Principal, chosen.Principal.Depth + 1));
        foreach (var other in owning.Where(e => e.ForeignKey != chosen.ForeignKey))
        {
            detaches.Add(Detachable(other, null));
        }
    }

    private static (IForeignKey ForeignKey, ErasureNode Principal) SingleRequired(List<(IForeignKey ForeignKey, ErasureNode Principal)> owning)
    {
        var required = owning.Where(e => e.ForeignKey.IsRequired).ToList();
        if (required.Count == 1)
        {
            return required[0];
        }

        var dependent = owning[0].ForeignKey.DeclaringEntityType.DisplayName();
        throw new InvalidOperationException(
            $"Erasure cannot tell which reference makes a {dependent} the subject's: it is reachable through "
            + string.Join(" and ", owning.Select(e => $"{Name(e.ForeignKey)} ({e.Principal.Path})"))
            + $". Mark the references that do not with [Erasure(ErasureAction.Detach)] on their foreign-key property or navigation.");
    }

    private static ErasureDetach Detachable((IForeignKey ForeignKey, ErasureNode Principal) edge, string? why)
    {
        if (edge.ForeignKey.IsRequired)
        {
            throw new InvalidOperationException(
                $"Erasure would have to set {Name(edge.ForeignKey)} to null ({why ?? "it is marked Detach, or another reference makes the rows the subject's"}), "
                + $"but it is required. Path: {edge.Principal.Path} <- {Name(edge.ForeignKey)}. Make it optional, or give the entity another erasure policy.");
        }

        return new ErasureDetach(edge.ForeignKey, edge.Principal);
    }

    private static ErasureAttribute? ExplicitPolicy(IForeignKey fk)
    {
        MemberInfo?[] members =
        [
            fk.DependentToPrincipal?.PropertyInfo,
            .. fk.Properties.Select(p => (MemberInfo?)p.PropertyInfo),
            fk.DeclaringEntityType.ClrType,
        ];
        return members.Select(m => m?.GetCustomAttribute<ErasureAttribute>(inherit: true)).FirstOrDefault(a => a is not null);
    }

    private static string RetainReason(ErasureAttribute policy, IEntityType dependent)
        => string.IsNullOrWhiteSpace(policy.Reason)
            ? throw new InvalidOperationException(
                $"{dependent.DisplayName()} is retained on erasure but says no reason; give one: [Erasure(ErasureAction.Retain, Reason = \"...\")]. It is recorded in every receipt.")
            : policy.Reason;

    private static string Name(IForeignKey fk) => $"{fk.DeclaringEntityType.DisplayName()}.{string.Join("+", fk.Properties.Select(p => p.Name))}";
}
