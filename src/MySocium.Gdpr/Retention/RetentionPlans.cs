using System.Globalization;
using System.Net;
using System.Reflection;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Encryption;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Retention;

/// <summary>
/// Resolves the retention declared by <see cref="RetentionAttribute"/> and <c>Gdpr:Retention:Entities</c>
/// against the store's model, once. Anything it cannot do unambiguously stops the host's start,
/// naming the entity and the setting.
/// </summary>
internal sealed class RetentionPlans(IServiceProvider services, IOptions<GdprOptions> options)
{
    private readonly Lazy<IReadOnlyList<RetentionPlan>> _plans = new(() => Build(services, options.Value.Retention));

    /// <summary>Gets the plans; throws the configuration error if there is one.</summary>
    public IReadOnlyList<RetentionPlan> Plans => services.GetService<GdprStore>() is null ? [] : _plans.Value;

    private static List<RetentionPlan> Build(IServiceProvider services, GdprRetentionOptions options)
    {
        using var scope = services.CreateScope();
        var model = GdprStore.Resolve(services, scope.ServiceProvider).Model;
        var entityTypes = model.GetEntityTypes().Where(e => !e.IsOwned()).ToList();
        var errors = new List<string>();
        foreach (var name in options.Entities.Keys.Where(k => !entityTypes.Any(e => Matches(e, k))))
        {
            errors.Add($"Gdpr:Retention:Entities:{name} names no entity of the model; use the entity's class name.");
        }

        var plans = new List<RetentionPlan>();
        foreach (var entityType in entityTypes)
        {
            var attribute = entityType.ClrType.GetCustomAttribute<RetentionAttribute>(inherit: true);
            var configured = options.Entities.FirstOrDefault(e => Matches(entityType, e.Key));
            if (attribute is null && configured.Value is null)
            {
                continue;
            }

            var declaration = new Declaration(entityType, attribute, configured.Key, configured.Value, errors);
            if (declaration.Resolve() is { } plan)
            {
                plans.Add(plan);
            }
        }

        return errors.Count == 0
            ? plans
            : throw new OptionsValidationException(
                nameof(GdprOptions),
                typeof(GdprOptions),
                [.. errors.Select(e => "Retention: " + e)]);
    }

    private static bool Matches(IEntityType entityType, string name)
        => !entityType.HasSharedClrType && (entityType.ClrType.Name == name || entityType.Name == name || entityType.DisplayName() == name);

    /// <summary>One entity's declaration, from its attribute and its configuration entry; errors name where each setting came from.</summary>
    private sealed class Declaration(
        IEntityType entityType, RetentionAttribute? attribute, string? key, GdprRetentionEntityOptions? configured, List<string> errors)
    {
        private readonly string _entity = entityType.DisplayName();

        public RetentionPlan? Resolve()
        {
            var before = errors.Count;
            if (entityType.BaseType is not null || entityType.GetDerivedTypes().Any())
            {
                Fail("the entity is part of an inheritance hierarchy; retention is declared on entities with a table of their own", Setting(nameof(RetentionAttribute.Timestamp), configured?.Timestamp is null));
            }

            var table = StoreObjectIdentifier.Create(entityType, StoreObjectType.Table);
            var key = entityType.FindPrimaryKey();
            if (table is null || key is null)
            {
                Fail("the entity has no table or no primary key, so its rows cannot be pruned in batches", Setting(nameof(RetentionAttribute.Timestamp), configured?.Timestamp is null));
            }

            var timestamp = ResolveTimestamp();
            var ipAddresses = ResolveIpAddresses();
            var anonymizeAfter = ResolveSpan(nameof(RetentionAttribute.AnonymizeAfter), configured?.AnonymizeAfter, attribute?.AnonymizeAfter);
            var deleteAfter = ResolveSpan(nameof(RetentionAttribute.DeleteAfter), configured?.DeleteAfter, attribute?.DeleteAfter);
            var deleteSource = Setting(nameof(RetentionAttribute.DeleteAfter), configured?.DeleteAfter is null);
            switch (anonymizeAfter, deleteAfter)
            {
                case (null, null) when errors.Count == before:
                    Fail("neither AnonymizeAfter nor DeleteAfter is set, so nothing would ever happen", deleteSource);
                    break;
                case ({ } anonymize, { } delete) when delete <= anonymize:
                    Fail($"rows would be deleted ({delete:c}) before or when their IP addresses are anonymized ({anonymize:c}); DeleteAfter must be longer than AnonymizeAfter", deleteSource);
                    break;
            }

            if (anonymizeAfter is not null && ipAddresses.Count == 0)
            {
                Fail("AnonymizeAfter is set but no IP address property is named", Setting(nameof(RetentionAttribute.IpAddresses), configured?.IpAddresses.Count is null or 0));
            }

            return errors.Count > before
                ? null
                : new RetentionPlan(
                    entityType,
                    new RetentionPolicy(_entity, timestamp!.Name, [.. ipAddresses.Select(p => p.Name)], anonymizeAfter, deleteAfter),
                    timestamp,
                    ipAddresses,
                    table!.Value,
                    key!.Properties);
        }

        private IProperty? ResolveTimestamp()
        {
            var fromAttribute = configured?.Timestamp is null;
            var name = configured?.Timestamp ?? attribute?.Timestamp;
            var setting = Setting(nameof(RetentionAttribute.Timestamp), fromAttribute);
            if (string.IsNullOrEmpty(name))
            {
                Fail("no timestamp property is named", setting);
                return null;
            }

            var property = entityType.FindProperty(name);
            if (property is null)
            {
                Fail($"'{name}' is not a property of the entity", setting);
            }
            else if ((Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType) is var type && type != typeof(DateTime) && type != typeof(DateTimeOffset))
            {
                Fail($"'{name}' is a {type.Name}; the timestamp must be a DateTime (in UTC) or a DateTimeOffset", setting);
            }
            else if (EncryptingValueConverters.Find(property.GetValueConverter()) is not null)
            {
                Fail($"'{name}' is encrypted, so the database cannot compare it; mark it [PersonalData(Encrypt = false)] or use another timestamp", setting);
            }

            return property;
        }

        private List<IProperty> ResolveIpAddresses()
        {
            var fromAttribute = configured?.IpAddresses.Count is null or 0;
            var names = fromAttribute ? attribute?.IpAddresses ?? [] : [.. configured!.IpAddresses];
            var setting = Setting(nameof(RetentionAttribute.IpAddresses), fromAttribute);
            var properties = new List<IProperty>();
            foreach (var name in names.Distinct(StringComparer.Ordinal))
            {
                var property = entityType.FindProperty(name);
                if (property is null)
                {
                    Fail($"'{name}' is not a property of the entity", setting);
                }
                else if (property.ClrType != typeof(string) && property.ClrType != typeof(byte[]) && property.ClrType != typeof(IPAddress))
                {
                    Fail($"'{name}' is a {property.ClrType.Name}; IP addresses are held in string, byte[] or IPAddress properties", setting);
                }
                else if (!property.IsNullable || property.IsKey() || property.IsForeignKey())
                {
                    Fail($"'{name}' must be a nullable column outside every key: anonymization sets values that are not IP addresses to null", setting);
                }
                else
                {
                    properties.Add(property);
                }
            }

            return properties;
        }

        private TimeSpan? ResolveSpan(string name, TimeSpan? fromOptions, string? fromAttribute)
        {
            var setting = Setting(name, fromOptions is null);
            TimeSpan? span = fromOptions;
            if (span is null && fromAttribute is not null)
            {
                if (!TimeSpan.TryParseExact(fromAttribute, "c", CultureInfo.InvariantCulture, out var parsed))
                {
                    Fail($"'{fromAttribute}' is not a time span in constant format, such as \"30.00:00:00\"", setting);
                    return null;
                }

                span = parsed;
            }

            if (span <= TimeSpan.Zero)
            {
                Fail($"{span:c} is not a positive time span", setting);
                return null;
            }

            return span;
        }

        private string Setting(string name, bool fromAttribute)
            => fromAttribute && attribute is not null ? $"[Retention] on {_entity}, {name}" : $"Gdpr:Retention:Entities:{key ?? _entity}:{name}";

        private void Fail(string problem, string setting) => errors.Add($"{setting}: {problem}.");
    }
}
