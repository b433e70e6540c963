using System.Net;
using System.Net.Sockets;

namespace MySocium.Gdpr.Retention;

/// <summary>The outcome of anonymizing one stored IP value.</summary>
internal enum AnonymizedOutcome
{
    /// <summary>Already anonymous (null, or its own prefix): nothing to write.</summary>
    Unchanged,

    /// <summary>A new, anonymized value to write.</summary>
    Changed,

    /// <summary>Not an IP address: set to null, since a raw value must not outlive anonymization.</summary>
    Malformed,
}

/// <summary>Anonymizes IP addresses stored as text, bytes or <see cref="IPAddress"/>.</summary>
internal sealed class IpAddressTruncation(IpAddressAnonymization mode, int ipv4PrefixLength, int ipv6PrefixLength)
{
    /// <summary>Anonymizes <paramref name="value"/>, of the property's CLR type.</summary>
    public AnonymizedOutcome Anonymize(object? value, out object? anonymized)
    {
        anonymized = null;
        if (value is null)
        {
            return AnonymizedOutcome.Unchanged;
        }

        var address = value switch
        {
            IPAddress ip => ip,
            string text => Parse(text),
            byte[] { Length: 4 or 16 } bytes => new IPAddress(bytes),
            _ => null,
        };
        if (address is null)
        {
            return AnonymizedOutcome.Malformed;
        }

        if (mode == IpAddressAnonymization.Drop)
        {
            return AnonymizedOutcome.Changed;
        }

        var truncated = Truncate(address);
        anonymized = value switch
        {
            string => truncated.ToString(),
            byte[] => truncated.GetAddressBytes(),
            _ => truncated,
        };
        return Equals(anonymized, value) || (value is byte[] raw && raw.AsSpan().SequenceEqual((byte[])anonymized))
            ? AnonymizedOutcome.Unchanged
            : AnonymizedOutcome.Changed;
    }

    /// <summary>Keeps the network prefix; an IPv4-mapped IPv6 address is truncated as IPv4 and stays mapped.</summary>
    public IPAddress Truncate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return Truncate(address.MapToIPv4()).MapToIPv6();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var length);
        bytes = bytes[..length];
        var prefix = address.AddressFamily == AddressFamily.InterNetwork ? ipv4PrefixLength : ipv6PrefixLength;
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (8 * i), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }

    /// <summary>
    /// Parses an address written the usual way. <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>
    /// also takes forms such as <c>"10"</c> or <c>"0x7f.1"</c>; in a column of client addresses those are
    /// not addresses, and are treated as malformed.
    /// </summary>
    private static IPAddress? Parse(string text)
    {
        if (!IPAddress.TryParse(text, out var address))
        {
            return null;
        }

        return address.AddressFamily == AddressFamily.InterNetwork && (text.Count(c => c == '.') != 3 || !text.All(c => c == '.' || char.IsAsciiDigit(c)))
            ? null
            : address;
    }
}
