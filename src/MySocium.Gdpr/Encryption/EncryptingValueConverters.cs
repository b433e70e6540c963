using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MySocium.Gdpr.Encryption;

/// <summary>Creates the value converters that encrypt a property's values on their way to the database.</summary>
internal static class EncryptingValueConverters
{
    public static ValueConverter Create(Type propertyType, EncryptedColumn column, PersonalDataStorage storage, bool acceptPlaintext)
    {
        var modelType = Nullable.GetUnderlyingType(propertyType) ?? propertyType;
        var codec = PlaintextCodecs.For(modelType)
            ?? throw new InvalidOperationException(
                $"{column.Entity}.{column.Property} is marked as encrypted personal data, but values of type {modelType.Name} cannot be encrypted. "
                + "Encryptable types are string, byte[], the primitive types, decimal, Guid, enums, DateTime, DateOnly, TimeOnly, DateTimeOffset, TimeSpan and IPAddress, and their nullable forms.");
        // Only text in a text column and bytes in a binary column can be legacy plaintext of the same column.
        switch (acceptPlaintext, storage, codec)
        {
            case (true, PersonalDataStorage.Base64, PlaintextCodec<string> text):
                return new Base64String(column, text);
            case (true, PersonalDataStorage.Binary, PlaintextCodec<byte[]> bytes):
                return new BinaryBytes(column, bytes);
        }

        var converterType = storage == PersonalDataStorage.Base64 ? typeof(Base64<>) : typeof(Binary<>);
        return (ValueConverter)Activator.CreateInstance(converterType.MakeGenericType(modelType), column, codec)!;
    }

    /// <summary>Gets the encryption behind a property's converter, if it has one of ours.</summary>
    public static IEncryptingConverter? Find(ValueConverter? converter) => converter as IEncryptingConverter;

    private sealed class Binary<T>(EncryptedColumn column, PlaintextCodec<T> codec)
        : ValueConverter<T, byte[]>(value => column.Encrypt(value, codec), envelope => column.Decrypt(envelope, codec)), IEncryptingConverter
    {
        public EncryptedColumn Column => column;

        public byte[] ToEnvelope(object stored) => (byte[])stored;

        public object FromEnvelope(byte[] envelope) => envelope;
    }

    private sealed class Base64<T>(EncryptedColumn column, PlaintextCodec<T> codec)
        : ValueConverter<T, string>(
            value => Convert.ToBase64String(column.Encrypt(value, codec)),
            text => column.Decrypt(Base64Envelope.Decode(text, column), codec)), IEncryptingConverter
    {
        public EncryptedColumn Column => column;

        public byte[] ToEnvelope(object stored) => Base64Envelope.Decode((string)stored, column);

        public object FromEnvelope(byte[] envelope) => Convert.ToBase64String(envelope);
    }

    /// <summary>Migration mode for text columns: a stored value that is not an envelope is read as the plaintext it is.</summary>
    private sealed class Base64String(EncryptedColumn column, PlaintextCodec<string> codec)
        : ValueConverter<string, string>(
            value => Convert.ToBase64String(column.Encrypt(value, codec)),
            text => Base64Envelope.DecryptOrPlaintext(text, column, codec)), IEncryptingConverter
    {
        public EncryptedColumn Column => column;

        public byte[] ToEnvelope(object stored) => Base64Envelope.Decode((string)stored, column);

        public object FromEnvelope(byte[] envelope) => Convert.ToBase64String(envelope);

        public bool IsPlaintext(object stored) => Base64Envelope.TryDecodeEnvelope((string)stored, column) is null;

        public object EncryptPlaintext(object stored) => ConvertToProvider(stored)!;
    }

    /// <summary>Migration mode for binary columns: a stored value that is not an envelope is read as the plaintext it is.</summary>
    private sealed class BinaryBytes(EncryptedColumn column, PlaintextCodec<byte[]> codec)
        : ValueConverter<byte[], byte[]>(
            value => column.Encrypt(value, codec),
            stored => column.IsEnvelope(stored) ? column.Decrypt(stored, codec) : stored), IEncryptingConverter
    {
        public EncryptedColumn Column => column;

        public byte[] ToEnvelope(object stored) => (byte[])stored;

        public object FromEnvelope(byte[] envelope) => envelope;

        public bool IsPlaintext(object stored) => !column.IsEnvelope((byte[])stored);

        public object EncryptPlaintext(object stored) => ConvertToProvider(stored)!;
    }
}
