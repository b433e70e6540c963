using System.Diagnostics.CodeAnalysis;
using System.Net.Mail;

namespace MySocium.Gdpr.Notifications;

/// <summary>
/// The one definition of a deliverable email address, used by the outbox, the blind index of
/// <see cref="Normalization.Email"/>, and a host's own validation, so that an address a host accepts
/// is one the library can mail and look up.
/// </summary>
public static class GdprMailAddress
{
    /// <summary>The longest deliverable address, in characters (RFC 5321's path limit less the angle brackets).</summary>
    public const int MaxLength = 254;

    /// <summary>
    /// Returns the form an address is stored, compared and indexed in: trimmed, in lower case
    /// (invariant culture), and without the trailing dots of its domain, so <c>Ada@Example.org.</c>
    /// and <c>ada@example.org</c> are one address.
    /// </summary>
    /// <param name="address">The address as entered.</param>
    /// <returns>The normalized address; it may still not be deliverable (see <see cref="IsDeliverable"/>).</returns>
    public static string Normalize(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.Trim().TrimEnd('.').ToLowerInvariant();
    }

    /// <summary>
    /// Gets whether <paramref name="address"/> is one bare email address the outbox can send to: at
    /// most <see cref="MaxLength"/> characters, no display name, no second address, and no control
    /// character anywhere (not even inside a quoted local part), so no value can start a header of its own.
    /// Surrounding white space is ignored.
    /// </summary>
    /// <param name="address">The address.</param>
    /// <returns>True when the outbox accepts it.</returns>
    public static bool IsDeliverable([NotNullWhen(true)] string? address)
    {
        if (address is null)
        {
            return false;
        }

        var trimmed = address.Trim();
        return trimmed.Length is > 0 and <= MaxLength
            && !trimmed.Any(char.IsControl)
            && MailAddress.TryCreate(trimmed, out var parsed)
            && parsed.DisplayName.Length == 0
            && string.Equals(parsed.Address, trimmed, StringComparison.Ordinal);
    }

    /// <summary>Returns the trimmed address, or throws when it is not <see cref="IsDeliverable">deliverable</see>.</summary>
    /// <param name="address">The address.</param>
    /// <param name="paramName">The parameter it came in, for the exception.</param>
    /// <returns>The trimmed address.</returns>
    /// <exception cref="GdprMailAddressException">The address is not deliverable.</exception>
    internal static string Require(string? address, string paramName)
        => IsDeliverable(address) ? address.Trim() : throw new GdprMailAddressException(paramName);
}
