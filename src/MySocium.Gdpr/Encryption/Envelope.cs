using System.Buffers.Binary;

namespace MySocium.Gdpr.Encryption;

/// <summary>
/// The stored form of an encrypted value (docs/envelope.md):
/// <c>version (1) | algorithm id (1) | key id (4, big-endian) | nonce | ciphertext | tag</c>.
/// The first six bytes are the header; the associated data is the header followed by the
/// column's context, so neither can be changed or moved to another column unnoticed.
/// </summary>
internal static class Envelope
{
    public const byte Version1 = 1;

    public const int HeaderSize = 6;

    public static void WriteHeader(Span<byte> destination, GdprEncryptionAlgorithm algorithm, uint keyId)
    {
        destination[0] = Version1;
        destination[1] = (byte)algorithm;
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], keyId);
    }

    /// <summary>Reads the header without trusting it; the AEAD tag authenticates it later.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> envelope, out byte version, out byte algorithmId, out uint keyId)
    {
        if (envelope.Length < HeaderSize)
        {
            version = 0;
            algorithmId = 0;
            keyId = 0;
            return false;
        }

        version = envelope[0];
        algorithmId = envelope[1];
        keyId = BinaryPrimitives.ReadUInt32BigEndian(envelope[2..]);
        return true;
    }
}
