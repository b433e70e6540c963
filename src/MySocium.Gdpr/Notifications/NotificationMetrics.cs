using System.Diagnostics.Metrics;

namespace MySocium.Gdpr.Notifications;

/// <summary>The outbox's counters on the library's meter, tagged with the kind of message.</summary>
internal sealed class NotificationMetrics
{
    private readonly Counter<long> _queued;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _failed;

    public NotificationMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(GdprMeter.Name);
        _queued = meter.CreateCounter<long>("mysocium.gdpr.notifications.queued", "{message}", "Messages queued in the outbox.");
        _sent = meter.CreateCounter<long>("mysocium.gdpr.notifications.sent", "{message}", "Messages the mail server accepted.");
        _failed = meter.CreateCounter<long>("mysocium.gdpr.notifications.failed", "{attempt}", "Delivery attempts that failed; the message stays queued.");
    }

    public void Queued(string kind) => _queued.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Sent(string kind) => _sent.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Failed(string kind) => _failed.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
