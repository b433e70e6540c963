using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Consent;
using MySocium.Gdpr.Encryption;
using MySocium.Gdpr.EntityFrameworkCore;
using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.Retention;

namespace MySocium.Gdpr.Inventory;

/// <summary>Reads the inventory from the store context's model, the erasure plan and the consent settings.</summary>
internal sealed class PersonalDataInventoryService(IServiceProvider services, ErasurePlans plans, IRetentionPruner retention, IOptions<GdprOptions> options) : IPersonalDataInventory
{
    public const int SchemaVersion = 1;

    public PersonalDataInventory Describe()
    {
        using var scope = services.CreateScope();
        var model = GdprStore.Resolve(services, scope.ServiceProvider).Model;
        var plan = plans.TryFor(model);
        var entities = model.GetEntityTypes()
            .Where(e => !e.IsOwned() && e.BaseType is null && !LibraryStores.IsLibraryType(e.ClrType))
            .Select(e => Entity(e, plan, retention.Policies.FirstOrDefault(p => p.Entity == e.DisplayName())))
            .Where(e => e.Properties.Count > 0)
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
        var cookies = options.Value.Consent.Cookies
            .Select(c => new InventoryCookie(c.Name, c.Category, c.Purpose))
            .Prepend(new InventoryCookie(options.Value.Consent.CookieName, ConsentCategories.Necessary, "Remembers your cookie choices"))
            .ToList();
        return new PersonalDataInventory(SchemaVersion, plan?.Subject.DisplayName(), entities, LibraryStores.For(options.Value), cookies);
    }

    private static InventoryEntity Entity(IEntityType entityType, ErasurePlan? plan, RetentionPolicy? retention)
    {
        var types = entityType.GetDerivedTypesInclusive().ToList();
        var properties = types
            .SelectMany(t => Properties(t.GetDeclaredProperties(), t.GetDeclaredNavigations(), t.GetDeclaredComplexProperties(), ""))
            .ToList();
        var tables = types.SelectMany(t => t.GetTableMappings()).Select(m => m.Table.SchemaQualifiedName).Distinct().ToList();
        return new InventoryEntity(ExportName(entityType), tables, Erasure(entityType, plan), Retention(retention), properties);
    }

    private static string? Retention(RetentionPolicy? policy)
    {
        if (policy is null)
        {
            return null;
        }

        var steps = new List<string>();
        if (policy.AnonymizeAfter is { } anonymize)
        {
            steps.Add($"IP addresses ({string.Join(", ", policy.IpAddresses)}) anonymized {Span(anonymize)} after {policy.Timestamp}");
        }

        if (policy.DeleteAfter is { } delete)
        {
            steps.Add($"rows deleted {Span(delete)} after {policy.Timestamp}");
        }

        return string.Join("; ", steps);
    }

    private static string Span(TimeSpan span)
        => span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? $"{span.TotalDays:0} days" : span.ToString("c", System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<InventoryProperty> Properties(IEnumerable<IProperty> properties, IEnumerable<INavigation> navigations, IEnumerable<IComplexProperty> complex, string prefix)
    {
        foreach (var property in properties)
        {
            if (PersonalDataDescriptor.For(property) is { } personal)
            {
                yield return new InventoryProperty(
                    prefix + property.Name,
                    property.ClrType.Name,
                    property.FindAnnotation(GdprAnnotationNames.Encrypted)?.Value is true,
                    personal.Searchable,
                    personal.Purpose,
                    personal.LegalBasis,
                    personal.Category,
                    personal.Recipients ?? []);
            }
        }

        foreach (var owned in navigations.Where(n => n.ForeignKey.IsOwnership && !n.IsOnDependent))
        {
            var target = owned.TargetEntityType;
            foreach (var nested in Properties(target.GetProperties(), target.GetNavigations(), target.GetComplexProperties(), $"{prefix}{owned.Name}."))
            {
                yield return nested;
            }
        }

        foreach (var property in complex)
        {
            foreach (var nested in Properties(property.ComplexType.GetProperties(), [], property.ComplexType.GetComplexProperties(), $"{prefix}{property.Name}."))
            {
                yield return nested;
            }
        }
    }

    private static string Erasure(IEntityType entityType, ErasurePlan? plan)
    {
        if (plan is null)
        {
            return "not linked to a subject";
        }

        if (plan.Nodes.Any(n => n.EntityType == entityType))
        {
            return "deleted";
        }

        var references = plan.Detaches.Where(d => d.ForeignKey.DeclaringEntityType.GetRootType() == entityType).ToList();
        return references.FirstOrDefault(d => d.RetainReason is not null) is { } retained ? $"retained: {retained.RetainReason}"
            : references.Count > 0 ? "detached"
            : "not linked to a subject";
    }

    private static string ExportName(IEntityType type) => type.HasSharedClrType ? type.ShortName() : type.DisplayName();
}
