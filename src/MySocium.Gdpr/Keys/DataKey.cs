using System.Security.Cryptography;
using MySocium.Gdpr.Encryption;
using NSec.Cryptography;

namespace MySocium.Gdpr.Keys;

/// <summary>
/// One unwrapped data key. Its material lives in pinned memory that is zeroed on dispose, and it
/// never leaves this type except as keys derived for a purpose (HKDF-SHA-256, domain separated).
/// </summary>
internal sealed class DataKey : IDisposable
{
    public const int Size = 32;

    private static readonly byte[] Salt = "MySocium.Gdpr/v1"u8.ToArray();

    private readonly byte[] _material;

    public DataKey(uint id, ReadOnlySpan<byte> material)
    {
        if (material.Length != Size)
        {
            throw new ArgumentException($"A data key is {Size} bytes.", nameof(material));
        }

        Id = id;
        _material = GC.AllocateUninitializedArray<byte>(Size, pinned: true);
        material.CopyTo(_material);
    }

    public uint Id { get; }

    /// <summary>Derives the key that encrypts one column's values with one algorithm.</summary>
    public Key DeriveColumnKey(GdprEncryptionAlgorithm algorithm, ReadOnlySpan<byte> context)
    {
        // info = "encrypt" 0x00 algorithm-id context: a distinct key per purpose, algorithm and column.
        var purpose = "encrypt\0"u8;
        var info = new byte[purpose.Length + 1 + context.Length];
        purpose.CopyTo(info);
        info[purpose.Length] = (byte)algorithm;
        context.CopyTo(info.AsSpan(purpose.Length + 1));
        return Derive(AeadAlgorithms.Get(algorithm), info);
    }

    /// <summary>Derives the key of one column's blind index.</summary>
    public Key DeriveBlindIndexKey(ReadOnlySpan<byte> context)
    {
        var purpose = "blind-index\0"u8;
        var info = new byte[purpose.Length + context.Length];
        purpose.CopyTo(info);
        context.CopyTo(info.AsSpan(purpose.Length));
        return Derive(MacAlgorithm.Blake2b_256, info);
    }

    private Key Derive(Algorithm algorithm, ReadOnlySpan<byte> info)
    {
        Span<byte> subkey = stackalloc byte[32];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, _material, subkey, Salt, info);
            return Key.Import(algorithm, subkey, KeyBlobFormat.RawSymmetricKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(subkey);
        }
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_material);
}
