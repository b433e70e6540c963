using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using NSec.Cryptography;

namespace MySocium.Gdpr.Notifications;

/// <summary>
/// The token of a one-click unsubscribe link: <c>version | address hash | expiry | BLAKE2b-256 tag</c>
/// in Base64url. It carries the suppression list's key of the address, so validating and applying
/// it needs no lookup, and it never holds the address itself.
/// </summary>
internal static class UnsubscribeToken
{
    private const byte Version = 1;
    private const int HashSize = 32;
    private const int TagSize = 32;
    private const int PayloadSize = 1 + HashSize + sizeof(long);

    /// <summary>The encoded length; anything else is not a token.</summary>
    public static readonly int Length = Base64Url.GetEncodedLength(PayloadSize + TagSize);

    public static string Create(Key key, string addressHash, DateTimeOffset expiresAt)
    {
        Span<byte> token = stackalloc byte[PayloadSize + TagSize];
        token[0] = Version;
        Convert.FromHexString(addressHash, token.Slice(1, HashSize), out _, out _);
        BinaryPrimitives.WriteInt64BigEndian(token.Slice(1 + HashSize), expiresAt.ToUnixTimeSeconds());
        MacAlgorithm.Blake2b_256.Mac(key, token[..PayloadSize], token[PayloadSize..]);
        return Base64Url.EncodeToString(token);
    }

    /// <summary>Reads a token: false when it is malformed, forged, tampered with or expired.</summary>
    public static bool TryRead(Key key, string? value, DateTimeOffset now, out string addressHash, out bool expired)
    {
        addressHash = "";
        expired = false;
        Span<byte> token = stackalloc byte[PayloadSize + TagSize];
        if (value is null || value.Length != Length
            || Base64Url.DecodeFromChars(value, token, out _, out var written) != OperationStatus.Done
            || written != token.Length
            || token[0] != Version
            || !MacAlgorithm.Blake2b_256.Verify(key, token[..PayloadSize], token[PayloadSize..]))
        {
            return false;
        }

        var expiresAt = BinaryPrimitives.ReadInt64BigEndian(token.Slice(1 + HashSize));
        if (expiresAt <= now.ToUnixTimeSeconds())
        {
            expired = true;
            return false;
        }

        addressHash = Convert.ToHexStringLower(token.Slice(1, HashSize));
        return true;
    }
}
