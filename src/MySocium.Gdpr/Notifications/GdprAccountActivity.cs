using System.Globalization;
using System.Net;

namespace MySocium.Gdpr.Notifications;

/// <summary>An account activity to tell the account's owner about. Account-activity mail is sent whatever the address's marketing opt-out.</summary>
public sealed class GdprAccountActivity
{
    /// <summary>Gets what happened.</summary>
    public required GdprAccountActivityKind Kind { get; init; }

    /// <summary>Gets the account's address (for <see cref="GdprAccountActivityKind.EmailChanged"/>, the new one).</summary>
    public required string Email { get; init; }

    /// <summary>Gets the name to greet the owner by, if any.</summary>
    public string? Name { get; init; }

    /// <summary>Gets the subject's id (the user's primary key), so erasing the subject also drops mail still queued about them.</summary>
    public object? SubjectId { get; init; }

    /// <summary>Gets the address the account had before an <see cref="GdprAccountActivityKind.EmailChanged"/>: it is told too.</summary>
    public string? PreviousEmail { get; init; }

    /// <summary>Gets when it happened; the time it is queued when null.</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>Gets the IP address it came from; the mail shows only its network (/24 for IPv4, /48 for IPv6).</summary>
    public IPAddress? IpAddress { get; init; }

    /// <summary>Gets a link the mail offers, such as where an export can be downloaded.</summary>
    public Uri? Link { get; init; }

    /// <summary>Gets the culture the mail is written for; the current UI culture when null.</summary>
    public CultureInfo? Culture { get; init; }
}
