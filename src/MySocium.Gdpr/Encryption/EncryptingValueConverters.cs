using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MySocium.Gdpr.Encryption;

/// <summary>Creates the value converters that encrypt a property's values on their way to the database.</summary>
internal static class EncryptingValueConverters
{
    public static ValueConverter Create(Type propertyType, EncryptedColumn column, PersonalDataStorage storage)
    {
        var modelType = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        var codec = PlaintextCodecs.For(modelType)
            ?? throw new InvalidOperationException(
                $"{column.Entity}.{column.Property} is marked as encrypted personal data, but values of type {modelType.Name} cannot be encrypted. "
                + "Encryptable types are string, byte[], the primitive types, decimal, Guid, enums, DateTime, DateOnly, TimeOnly, DateTimeOffset, TimeSpan and IPAddress, and their nullable forms.");
        var converterType = storage == PersonalDataStorage.Base64 ? typeof(Base64<>) : typeof(Binary<>);
        return (ValueConverter)Activator.CreateInstance(converterType.MakeGenericType(modelType), column, codec)!;
    }

    private sealed class Binary<T>(EncryptedColumn column, PlaintextCodec<T> codec)
        : ValueConverter<T, byte[]>(value => column.Encrypt(value, codec), envelope => column.Decrypt(envelope, codec));

    private sealed class Base64<T>(EncryptedColumn column, PlaintextCodec<T> codec)
        : ValueConverter<T, string>(
            value => Convert.ToBase64String(column.Encrypt(value, codec)),
            text => column.Decrypt(Base64Envelope.Decode(text, column), codec));
}
