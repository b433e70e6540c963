using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Encryption;

/// <summary>Puts an encrypting value converter on every property that is encrypted personal data.</summary>
internal static class PersonalDataEncryption
{
    public static void Apply(IConventionModelBuilder modelBuilder, GdprEntityFrameworkServices services)
    {
        foreach (var entityType in modelBuilder.Metadata.GetEntityTypes())
        {
            foreach (var property in entityType.GetDeclaredProperties())
            {
                var personalData = PersonalDataDescriptor.For(property);
                if (personalData is not { Encrypt: true })
                {
                    continue;
                }

                Encrypt(property, personalData, services);
            }
        }
    }

    private static void Encrypt(IConventionProperty property, PersonalDataDescriptor personalData, GdprEntityFrameworkServices services)
    {
        var entity = property.DeclaringType.ShortName();
        if (property.IsKey() || property.IsForeignKey() || property.IsConcurrencyToken)
        {
            throw new InvalidOperationException(
                $"{entity}.{property.Name} is marked as encrypted personal data, but it is a key, foreign key or concurrency token, whose values the database must compare. "
                + "Mark it [PersonalData(Encrypt = false)] or use a surrogate key.");
        }

        var column = new EncryptedColumn(services.Keys, services.Options.Encryption.Algorithm, entity, property.Name);
        var converter = EncryptingValueConverters.Create(property.ClrType, column, personalData.Storage);
        var builder = property.Builder;
        if (builder.HasConversion(converter, fromDataAnnotation: true) is null)
        {
            throw new InvalidOperationException(
                $"{entity}.{property.Name} is marked as encrypted personal data, but the model configures its own value converter for it. "
                + "Remove that converter, or mark the property [PersonalData(Encrypt = false)].");
        }

        // The envelope is longer than the value: a length limit sized for the value would truncate it.
        builder.HasMaxLength(null, fromDataAnnotation: true);
        builder.HasAnnotation(GdprAnnotationNames.Encrypted, true, fromDataAnnotation: true);
    }
}
