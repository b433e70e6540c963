using System.Net;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Retention;

namespace MySocium.Gdpr;

/// <summary>
/// Redacts values classified <see cref="GdprTaxonomy.PersonalData"/>: an IP address keeps its network prefix
/// (<c>Gdpr:Retention:IPv4PrefixLength</c> and <c>IPv6PrefixLength</c>, /24 and /48 by default), so logs still
/// show where traffic comes from; any other value is erased.
/// </summary>
public sealed class PersonalDataRedactor : Redactor
{
    private readonly IpAddressTruncation _truncation;

    /// <summary>Initializes a redactor with the prefix lengths of the retention settings.</summary>
    /// <param name="options">The library's options.</param>
    public PersonalDataRedactor(IOptions<GdprOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var retention = options.Value.Retention;
        _truncation = new IpAddressTruncation(IpAddressAnonymization.Truncate, retention.IPv4PrefixLength, retention.IPv6PrefixLength);
    }

    /// <inheritdoc />
    public override int GetRedactedLength(ReadOnlySpan<char> input) => Network(input) is { } network ? network.Length : 0;

    /// <inheritdoc />
    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        if (Network(source) is not { } network)
        {
            return 0;
        }

        network.CopyTo(destination);
        return network.Length;
    }

    private string? Network(ReadOnlySpan<char> value)
    {
        // Logging appends ":name" (and, with a discriminator, a further ":part") to a classified value before
        // redacting it, so the address is the value, or what stands before one or two of those suffixes.
        value = value.Trim();
        for (var suffixes = 0; suffixes <= 2; suffixes++)
        {
            if (IPAddress.TryParse(value, out var address))
            {
                return _truncation.Truncate(address).ToString();
            }

            var separator = value.LastIndexOf(':');
            if (separator < 0)
            {
                return null;
            }

            value = value[..separator];
        }

        return null;
    }
}
