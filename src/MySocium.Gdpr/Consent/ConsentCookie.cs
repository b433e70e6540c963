using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using NSec.Cryptography;

namespace MySocium.Gdpr.Consent;

/// <summary>
/// The signed consent cookie: <c>base64url(version | consent id | issued at | stamp | granted mask | MAC)</c>,
/// the MAC a keyed BLAKE2b-256 over everything before it. Parsing allocates nothing, and anything
/// but an exact, correctly signed value reads as no cookie.
/// </summary>
internal static class ConsentCookie
{
    private const byte Version = 1;
    private const int PayloadSize = 1 + 16 + 8 + 16 + 4;
    private const int MacSize = 32;
    private const int Size = PayloadSize + MacSize;

    /// <summary>The length of an encoded cookie value.</summary>
    public static readonly int EncodedLength = Base64Url.GetEncodedLength(Size);

    private static readonly MacAlgorithm Mac = MacAlgorithm.Blake2b_256;

    public static string Write(Key key, Guid consentId, DateTimeOffset issuedAt, ReadOnlySpan<byte> stamp, uint granted)
    {
        Span<byte> bytes = stackalloc byte[Size];
        bytes[0] = Version;
        consentId.TryWriteBytes(bytes.Slice(1, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(bytes.Slice(17, 8), issuedAt.ToUnixTimeSeconds());
        stamp.CopyTo(bytes.Slice(25, 16));
        BinaryPrimitives.WriteUInt32BigEndian(bytes.Slice(41, 4), granted);
        Mac.Mac(key, bytes[..PayloadSize], bytes[PayloadSize..]);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryRead(Key key, ReadOnlySpan<char> encoded, ReadOnlySpan<byte> currentStamp, out ConsentCookieValue value)
    {
        value = default;
        Span<byte> bytes = stackalloc byte[Size];
        if (encoded.Length != EncodedLength
            || Base64Url.DecodeFromChars(encoded, bytes, out _, out var written) != OperationStatus.Done
            || written != Size
            || bytes[0] != Version
            || !Mac.Verify(key, bytes[..PayloadSize], bytes[PayloadSize..]))
        {
            return false;
        }

        var seconds = BinaryPrimitives.ReadInt64BigEndian(bytes.Slice(17, 8));
        if (seconds < 0 || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        value = new ConsentCookieValue(
            new Guid(bytes.Slice(1, 16), bigEndian: true),
            DateTimeOffset.FromUnixTimeSeconds(seconds),
            BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(41, 4)),
            bytes.Slice(25, 16).SequenceEqual(currentStamp));
        return true;
    }
}

/// <summary>What a consent cookie holds, and whether it was given for the current policy and declarations.</summary>
internal readonly record struct ConsentCookieValue(Guid ConsentId, DateTimeOffset IssuedAt, uint Granted, bool ForCurrentPolicy);
