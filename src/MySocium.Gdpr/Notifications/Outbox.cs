using System.Runtime.CompilerServices;
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

    private readonly ConditionalWeakTable<DbContext, List<GdprOutboxMessage>> _pending = [];

    /// <exception cref="GdprMailAddressException"><paramref name="to"/> is not one deliverable email address.</exception>
    public GdprOutboxMessage Add(DbContext db, string kind, string to, string? toName, GdprMailContent content, string? subjectHash, Uri? unsubscribeUrl = null)
    {
        var now = time.GetUtcNow();
        var message = new GdprOutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            Kind = kind,
            SubjectHash = subjectHash,
            To = GdprMailAddress.Require(to, nameof(to)),
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

    /// <summary>
    /// Remembers messages added to a context the caller saves later: its <c>SaveChanges</c> then wakes
    /// the drainer (<see cref="Saved"/>), or, when it fails, detaches them (<see cref="SaveFailed"/>), so a retried save adds them once.
    /// </summary>
    public void Pending(DbContext db, IEnumerable<GdprOutboxMessage> messages) => _pending.GetOrCreateValue(db).AddRange(messages);

    /// <summary>A save of <paramref name="db"/> committed: the messages pending on it are in the outbox.</summary>
    public void Saved(DbContext db)
    {
        if (_pending.TryGetValue(db, out var pending) && pending.Count > 0)
        {
            pending.Clear();
            Committed();
        }
    }

    /// <summary>A save of <paramref name="db"/> failed: the messages pending on it go, with the change they reported.</summary>
    public void SaveFailed(DbContext db)
    {
        if (_pending.TryGetValue(db, out var pending))
        {
            foreach (var message in pending)
            {
                db.Entry(message).State = EntityState.Detached;
            }

            pending.Clear();
        }
    }

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
