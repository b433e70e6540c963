using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Encryption;

/// <summary>
/// Puts an encrypting value converter on every property that is encrypted personal data, and a
/// blind-index shadow property, with the property's indexes moved onto it, next to every
/// searchable one.
/// </summary>
internal static class PersonalDataEncryption
{
    public static void Apply(IConventionModelBuilder modelBuilder, GdprEntityFrameworkServices services)
    {
        var contexts = new Dictionary<string, string>();
        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes().ToList())
        {
            foreach (var property in entityType.GetDeclaredProperties().ToList())
            {
                var personalData = PersonalDataDescriptor.For(property);
                if (personalData is { Encrypt: true })
                {
                    EnsureUniqueContext(contexts, entityType, property);
                    Encrypt(entityType, property, personalData, services);
                }
                else if (personalData is { Searchable: true })
                {
                    throw new InvalidOperationException(
                        $"{entityType.DisplayName()}.{property.Name} is [PersonalData(Searchable = true)] but not encrypted; searching a readable column needs no blind index. Remove Searchable or Encrypt = false.");
                }
            }
        }
    }

    /// <summary>
    /// A value's context (entity and property name) is bound into its encryption: two columns with
    /// one context would accept each other's values, so such a model is refused.
    /// </summary>
    private static void EnsureUniqueContext(Dictionary<string, string> contexts, IConventionEntityType entityType, IConventionProperty property)
    {
        var context = $"{entityType.DisplayName()}.{property.Name}";
        if (!contexts.TryAdd(context, entityType.Name))
        {
            throw new InvalidOperationException(
                $"The encrypted properties of {contexts[context]} and {entityType.Name} would share the encryption context '{context}', so a value copied from one column to the other would still decrypt. "
                + "Rename one of the entity types.");
        }
    }

    private static void Encrypt(IConventionEntityType entityType, IConventionProperty property, PersonalDataDescriptor personalData, GdprEntityFrameworkServices services)
    {
        var entity = entityType.DisplayName();
        if (property.IsKey() || property.IsForeignKey() || property.IsConcurrencyToken)
        {
            throw new InvalidOperationException(
                $"{entity}.{property.Name} is marked as encrypted personal data, but it is a key, foreign key or concurrency token, whose values the database must compare. "
                + "Mark it [PersonalData(Encrypt = false)] or use a surrogate key.");
        }

        var column = new EncryptedColumn(services.Keys, services.Options.Encryption.Algorithm, entity, property.Name);
        var converter = EncryptingValueConverters.Create(property.ClrType, column, personalData.Storage, services.Options.Encryption.AcceptPlaintext);
        var builder = property.Builder;
        if (builder.HasConversion(converter, fromDataAnnotation: true) is null)
        {
            throw new InvalidOperationException(
                $"{entity}.{property.Name} is marked as encrypted personal data, but the model configures its own value converter for it. "
                + "Remove that converter, or mark the property [PersonalData(Encrypt = false)].");
        }

        // Arrays are compared by reference unless told otherwise, which makes change tracking miss edits in place.
        if (property.ClrType == typeof(byte[]))
        {
            builder.HasValueComparer(ValueComparer.CreateDefault(typeof(byte[]), favorStructuralComparisons: true), fromDataAnnotation: true);
        }

        // The envelope is longer than the value: a length limit sized for the value would truncate it.
        builder.HasMaxLength(null, fromDataAnnotation: true);
        builder.HasAnnotation(GdprAnnotationNames.Encrypted, true, fromDataAnnotation: true);

        if (personalData.Searchable)
        {
            AddBlindIndex(entityType, property, personalData, services);
        }
        else if (property.GetContainingIndexes().Any())
        {
            throw new InvalidOperationException(
                $"{entity}.{property.Name} is encrypted and has a database index, which on ciphertext finds nothing. "
                + "Mark it [PersonalData(Searchable = true)] to index it through a blind index, or remove the index.");
        }
    }

    private static void AddBlindIndex(IConventionEntityType entityType, IConventionProperty property, PersonalDataDescriptor personalData, GdprEntityFrameworkServices services)
    {
        var entity = entityType.DisplayName();
        var modelType = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        if (modelType != typeof(string) && (personalData.Normalize != Normalization.None || personalData.Normalizer is not null))
        {
            throw new InvalidOperationException($"{entity}.{property.Name} asks for a normalization, which applies to strings only; it is a {modelType.Name}.");
        }

        var shadowName = property.Name + BlindIndexNames.Suffix;
        var shadow = entityType.Builder.Property(property.ClrType, shadowName, fromDataAnnotation: true)?.Metadata
            ?? throw new InvalidOperationException($"{entity}.{property.Name} is searchable, but the model already has a property {shadowName} of another type; rename it.");
        var blindIndex = new BlindIndexColumn(services.Keys, entity, property.Name);
        shadow.Builder.HasConversion(BlindIndexValueConverter.Create(modelType, blindIndex, BlindIndexNormalizers.For(personalData.Normalize, personalData.Normalizer)), fromDataAnnotation: true);
        // Nullable even for a required value: rows written before the property became searchable get theirs from the migration job.
        shadow.Builder.IsRequired(false, fromDataAnnotation: true);
        shadow.Builder.HasAnnotation(GdprAnnotationNames.BlindIndexOf, property.Name, fromDataAnnotation: true);
        property.Builder.HasAnnotation(GdprAnnotationNames.BlindIndex, shadowName, fromDataAnnotation: true);

        var indexes = property.GetContainingIndexes().ToList();
        if (indexes.Count == 0)
        {
            entityType.Builder.HasIndex([shadow], fromDataAnnotation: true);
        }

        // An index over ciphertext finds nothing: each moves to the blind index, keeping its uniqueness.
        foreach (var index in indexes)
        {
            var properties = index.Properties.Select(p => p == property ? shadow : p).ToList();
            var moved = entityType.Builder.HasIndex(properties, fromDataAnnotation: true);
            moved?.IsUnique(index.IsUnique, fromDataAnnotation: true);
            entityType.Builder.HasNoIndex(index, fromDataAnnotation: true);
        }
    }
}
