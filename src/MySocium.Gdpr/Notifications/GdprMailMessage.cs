namespace MySocium.Gdpr.Notifications;

/// <summary>A message as the outbox hands it to an <see cref="IGdprNotificationSender"/>.</summary>
public sealed class GdprMailMessage
{
    /// <summary>Gets the message's id in the outbox; senders use it as the <c>Message-ID</c>, so a resent message can be recognized.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets what the message is: an account activity (such as <c>PasswordChanged</c>), <c>PolicyUpdate</c> or <c>Bulk</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Gets the recipient's address.</summary>
    public required string To { get; init; }

    /// <summary>Gets the recipient's display name, if known. It never holds a line break.</summary>
    public string? ToName { get; init; }

    /// <summary>Gets the subject. It never holds a line break.</summary>
    public required string Subject { get; init; }

    /// <summary>Gets the plain-text body.</summary>
    public required string TextBody { get; init; }

    /// <summary>Gets the HTML body.</summary>
    public required string HtmlBody { get; init; }

    /// <summary>
    /// Gets the one-click unsubscribe address of a bulk message, which a sender puts in the
    /// <c>List-Unsubscribe</c> header with <c>List-Unsubscribe-Post: List-Unsubscribe=One-Click</c>
    /// (RFC 8058); null for account and policy mail, which no marketing opt-out stops.
    /// </summary>
    public Uri? UnsubscribeUrl { get; init; }
}
