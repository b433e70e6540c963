using System.Buffers.Binary;
using System.Security.Cryptography;
using MySocium.Gdpr.Encryption;
using NSec.Cryptography;

namespace MySocium.Gdpr.Keys;

/// <summary>
/// The root key: it only wraps and unwraps data keys (XChaCha20-Poly1305 under a key derived
/// for that purpose), so it touches a few bytes per data key and never a value.
/// </summary>
internal sealed class RootKey : IDisposable
{
    public const int Size = 32;

    private static readonly AeadAlgorithm Wrap = AeadAlgorithm.XChaCha20Poly1305;

    private readonly Key _wrappingKey;

    private RootKey(ReadOnlySpan<byte> material)
    {
        Span<byte> wrapping = stackalloc byte[Size];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, material, wrapping, "MySocium.Gdpr/v1"u8, "wrap-data-key"u8);
            _wrappingKey = Key.Import(Wrap, wrapping, KeyBlobFormat.RawSymmetricKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wrapping);
        }
    }

    /// <summary>Creates a root key from its bytes, which the caller zeroes afterwards.</summary>
    public static RootKey FromBytes(ReadOnlySpan<byte> material)
        => material.Length == Size
            ? new RootKey(material)
            : throw new ArgumentException($"A root key is {Size} bytes, not {material.Length}.", nameof(material));

    public static bool TryParse(string base64, out RootKey? key)
    {
        Span<byte> material = stackalloc byte[Size + 3];
        try
        {
            if (Convert.TryFromBase64String(base64.Trim(), material, out var written) && written == Size)
            {
                key = new RootKey(material[..Size]);
                return true;
            }

            key = null;
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>Wraps a data key: <c>nonce (24) | ciphertext (32) | tag (16)</c>, bound to its id and purpose.</summary>
    public byte[] WrapDataKey(uint keyId, DataKeyPurpose purpose, ReadOnlySpan<byte> dataKey)
    {
        var wrapped = new byte[Wrap.NonceSize + dataKey.Length + Wrap.TagSize];
        var nonce = wrapped.AsSpan(0, Wrap.NonceSize);
        RandomNumberGenerator.Fill(nonce);
        Wrap.Encrypt(_wrappingKey, nonce, AssociatedData(keyId, purpose), dataKey, wrapped.AsSpan(Wrap.NonceSize));
        return wrapped;
    }

    /// <summary>Unwraps a data key into <paramref name="dataKey"/>; false when this root key did not wrap it.</summary>
    public bool TryUnwrapDataKey(uint keyId, DataKeyPurpose purpose, ReadOnlySpan<byte> wrapped, Span<byte> dataKey)
        => wrapped.Length == Wrap.NonceSize + dataKey.Length + Wrap.TagSize
            && Wrap.Decrypt(_wrappingKey, wrapped[..Wrap.NonceSize], AssociatedData(keyId, purpose), wrapped[Wrap.NonceSize..], dataKey);

    public void Dispose() => _wrappingKey.Dispose();

    private static byte[] AssociatedData(uint keyId, DataKeyPurpose purpose)
    {
        var data = new byte[6];
        data[0] = Envelope.Version1;
        data[1] = (byte)purpose;
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(2), keyId);
        return data;
    }
}
