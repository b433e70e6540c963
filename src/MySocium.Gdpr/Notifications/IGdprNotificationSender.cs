namespace MySocium.Gdpr.Notifications;

/// <summary>
/// Delivers one message (SMTP through <c>MySocium.Gdpr.MailKit</c>, or the host's own). Only the
/// outbox's background drainer calls it, never a request. Without a registered sender, mail stays queued.
/// </summary>
public interface IGdprNotificationSender
{
    /// <summary>Hands the message to the mail server; returns once the server has accepted it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    /// <returns>A task that completes when the server has accepted the message.</returns>
    /// <exception cref="Exception">Any failure: the message stays queued and is tried again later.</exception>
    Task SendAsync(GdprMailMessage message, CancellationToken cancellationToken);
}
