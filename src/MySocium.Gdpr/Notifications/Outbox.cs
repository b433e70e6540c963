using System.Net.Mail;
using Microsoft.EntityFrameworkCore;

namespace MySocium.Gdpr.Notifications;

/// <summary>
/// Adds messages to the outbox through a context the caller saves, so a message commits with the
/// change it reports, or not at all. Addresses are checked and names and subjects put on one line
/// here, so no value can start a header of its own.
/// </summary>
internal sealed class Outbox(TimeProvider time, OutboxTrigger trigger, NotificationMetrics metrics)
{
    public const string PolicyUpdateKind = "PolicyUpdate";
    public const string BulkKind = "Bulk";

    /// <exception cref="ArgumentException"><paramref name="to"/> is not one email address.</exception>
    public GdprOutboxMessage Add(DbContext db, string kind, string to, string? toName, GdprMailContent content, string? subjectHash, Uri? unsubscribeUrl = null)
    {
        var now = time.GetUtcNow();
        var message = new GdprOutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            Kind = kind,
            SubjectHash = subjectHash,
            To = Address(to),
            ToName = string.IsNullOrWhiteSpace(toName) ? null : OneLine(toName),
            Subject = OneLine(content.Subject),
            TextBody = content.TextBody,
            HtmlBody = content.HtmlBody,
            UnsubscribeUrl = unsubscribeUrl?.AbsoluteUri,
            CreatedAt = now.UtcDateTime,
            NextAttemptAt = now.UtcDateTime,
        };
        db.Add(message);
        metrics.Queued(kind);
        return message;
    }

    /// <summary>Wakes the drainer once what was added is committed.</summary>
    public void Committed() => trigger.Request();

    /// <summary>Whether <paramref name="value"/> is one bare email address (no display name, no second address, no line break).</summary>
    public static bool IsAddress(string? value)
        => value is not null && !value.Any(char.IsControl) && MailAddress.TryCreate(value.Trim(), out var address)
            && address.DisplayName.Length == 0 && string.Equals(address.Address, value.Trim(), StringComparison.Ordinal);

    private static string Address(string value)
        => IsAddress(value) ? value.Trim() : throw new ArgumentException("The recipient must be one email address, such as 'ada@example.org', without a name or line breaks.", nameof(value));

    /// <summary>Line breaks and other control characters become spaces: a header value stays one header.</summary>
    public static string OneLine(string value)
        => string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        }).Trim();
}
