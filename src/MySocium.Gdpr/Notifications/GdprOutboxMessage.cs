using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace MySocium.Gdpr.Notifications;

/// <summary>
/// A message waiting in the host's database until the drainer delivers it. Everything personal is
/// encrypted at rest and set to null once the message is sent, so a sent row keeps only what was
/// sent when, never to whom or what it said.
/// </summary>
[Table("GdprOutbox")]
internal sealed class GdprOutboxMessage
{
    /// <summary>A version 7 id, so ordering by it is ordering by creation; also the message's <c>Message-ID</c>.</summary>
    [Key]
    public Guid Id { get; set; }

    /// <summary>What the message is: an account activity, <c>PolicyUpdate</c> or <c>Bulk</c>.</summary>
    [MaxLength(32)]
    public string Kind { get; set; } = "";

    /// <summary>A keyed hash of the subject the message is about, so erasure finds their queued mail; null when it names none.</summary>
    [MaxLength(64)]
    public string? SubjectHash { get; set; }

    [PersonalData(Purpose = "Delivers the message")]
    public string? To { get; set; }

    [PersonalData(Purpose = "Delivers the message")]
    public string? ToName { get; set; }

    [PersonalData(Purpose = "Delivers the message")]
    public string? Subject { get; set; }

    [PersonalData(Purpose = "Delivers the message")]
    public string? TextBody { get; set; }

    [PersonalData(Purpose = "Delivers the message")]
    public string? HtmlBody { get; set; }

    /// <summary>The one-click unsubscribe URL of a bulk message (RFC 8058), else null.</summary>
    [PersonalData(Purpose = "Lets the recipient unsubscribe")]
    public string? UnsubscribeUrl { get; set; }

    /// <summary>When the message was queued (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>When a drainer may next try it (UTC); later after every failure.</summary>
    public DateTime NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>The drainer run that is sending it, so no other run takes it meanwhile; a concurrency token, so a run whose claim lapsed cannot overwrite another's outcome.</summary>
    [ConcurrencyCheck]
    public Guid? ClaimedBy { get; set; }

    /// <summary>When the claim lapses (UTC): a drainer that died frees its messages then.</summary>
    public DateTime? ClaimedUntil { get; set; }

    /// <summary>When the server accepted it (UTC); null while it waits.</summary>
    public DateTime? SentAt { get; set; }

    /// <summary>The type of the last delivery failure (never its message, which may hold an address).</summary>
    [MaxLength(128)]
    public string? LastError { get; set; }
}
