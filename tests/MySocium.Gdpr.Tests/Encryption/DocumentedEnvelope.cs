using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using MySocium.Gdpr.Keys;
using NSec.Cryptography;

namespace MySocium.Gdpr.Tests.Encryption;

/// <summary>
/// The keys of docs/envelope.md's test vectors, and a decryptor written from that document
/// alone (NSec and HKDF, none of the library's code), so tests can check the library against
/// the document rather than against itself.
/// </summary>
internal static class DocumentedEnvelope
{
    /// <summary>The data key of every vector: bytes 0x00..0x1f.</summary>
    public static readonly byte[] DataKey = Sequence(0x00, 32);

    /// <summary>The root key of the wrapping vectors: bytes 0x20..0x3f.</summary>
    public static readonly byte[] RootKey = Sequence(0x20, 32);

    /// <summary>The key ids the vectors name; every one holds <see cref="DataKey"/>.</summary>
    public static readonly uint[] VectorKeyIds = [1, 7, 0x01020304, 0xFFFFFFFF];

    public static byte[] Sequence(int start, int count) => [.. Enumerable.Range(start, count).Select(i => (byte)i)];

    /// <summary>
    /// A key ring holding <see cref="DataKey"/> under every vector key id (so only the header in
    /// the associated data tells them apart), with <paramref name="currentId"/> current.
    /// </summary>
    public static KeyRing VectorRing(uint currentId = 1)
    {
        var ring = new KeyRing();
        ring.Load([.. VectorKeyIds.Select(id => new DataKey(id, DataKey))], currentId, new DataKey(2, Sequence(0x40, 32)));
        return ring;
    }

    public static byte[] Context(string entity, string property)
        => [.. Encoding.UTF8.GetBytes(entity), 0x00, .. Encoding.UTF8.GetBytes(property)];

    public static AeadAlgorithm Aead(byte algorithmId) => algorithmId switch
    {
        1 => AeadAlgorithm.Aegis256,
        2 => AeadAlgorithm.XChaCha20Poly1305,
        3 => AeadAlgorithm.Aes256Gcm,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithmId), algorithmId, "Not a documented algorithm id."),
    };

    /// <summary>Encrypts by the steps of docs/envelope.md, with a nonce the caller chooses (which only a test may do).</summary>
    public static byte[] Seal(ReadOnlySpan<byte> dataKey, uint keyId, byte algorithmId, string entity, string property, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> nonce)
    {
        var aead = Aead(algorithmId);
        var context = Context(entity, property);
        using var key = Key.Import(aead, Subkey(dataKey, algorithmId, context), KeyBlobFormat.RawSymmetricKey);
        var envelope = new byte[6 + aead.NonceSize + plaintext.Length + aead.TagSize];
        envelope[0] = 1;
        envelope[1] = algorithmId;
        BinaryPrimitives.WriteUInt32BigEndian(envelope.AsSpan(2), keyId);
        nonce.CopyTo(envelope.AsSpan(6, aead.NonceSize));
        byte[] associatedData = [.. envelope.AsSpan(0, 6), .. context];
        aead.Encrypt(key, nonce, associatedData, plaintext, envelope.AsSpan(6 + aead.NonceSize));
        return envelope;
    }

    /// <summary>Decrypts an envelope by the steps of docs/envelope.md; null when it does not authenticate.</summary>
    public static byte[]? Open(ReadOnlySpan<byte> dataKey, string entity, string property, byte[] envelope)
    {
        if (envelope.Length < 6 || envelope[0] != 1)
        {
            return null;
        }

        var algorithmId = envelope[1];
        var aead = Aead(algorithmId);
        if (envelope.Length < 6 + aead.NonceSize + aead.TagSize)
        {
            return null;
        }

        var context = Context(entity, property);
        using var key = Key.Import(aead, Subkey(dataKey, algorithmId, context), KeyBlobFormat.RawSymmetricKey);
        byte[] associatedData = [.. envelope.AsSpan(0, 6), .. context];
        var nonce = envelope.AsSpan(6, aead.NonceSize);
        var ciphertext = envelope.AsSpan(6 + aead.NonceSize);
        var plaintext = new byte[ciphertext.Length - aead.TagSize];
        return aead.Decrypt(key, nonce, associatedData, ciphertext, plaintext) ? plaintext : null;
    }

    /// <summary>Unwraps a data key by the steps of docs/envelope.md; null when it does not authenticate.</summary>
    public static byte[]? Unwrap(ReadOnlySpan<byte> rootKey, uint keyId, byte purpose, byte[] wrapped)
    {
        var aead = AeadAlgorithm.XChaCha20Poly1305;
        var wrappingKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, rootKey.ToArray(), 32, "MySocium.Gdpr/v1"u8.ToArray(), "wrap-data-key"u8.ToArray());
        using var key = Key.Import(aead, wrappingKey, KeyBlobFormat.RawSymmetricKey);
        var associatedData = new byte[6];
        associatedData[0] = 1;
        associatedData[1] = purpose;
        BinaryPrimitives.WriteUInt32BigEndian(associatedData.AsSpan(2), keyId);
        var dataKey = new byte[wrapped.Length - aead.NonceSize - aead.TagSize];
        return aead.Decrypt(key, wrapped.AsSpan(0, aead.NonceSize), associatedData, wrapped.AsSpan(aead.NonceSize), dataKey) ? dataKey : null;
    }

    private static byte[] Subkey(ReadOnlySpan<byte> dataKey, byte algorithmId, byte[] context)
    {
        byte[] info = [.. "encrypt"u8, 0x00, algorithmId, .. context];
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey.ToArray(), 32, "MySocium.Gdpr/v1"u8.ToArray(), info);
    }
}
