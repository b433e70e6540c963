using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace MySocium.Gdpr.Sessions;

/// <summary>
/// A signed-in session as the host's database stores it. The browser's cookie holds only the
/// session's key; the row holds a hash of that key, so reading the table does not give the key.
/// </summary>
[Table("GdprAuthenticationTickets")]
internal sealed class GdprAuthenticationTicket
{
    /// <summary>SHA-256 of the session key, in hexadecimal.</summary>
    [Key]
    [MaxLength(64)]
    public string Id { get; set; } = "";

    /// <summary>A keyed hash of the subject's id, so erasure can end the subject's sessions; null when the ticket names no subject.</summary>
    [MaxLength(64)]
    public string? SubjectHash { get; set; }

    /// <summary>When the ticket expires (UTC); null when it does not.</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>The serialized ticket: the user's claims, encrypted at rest.</summary>
    [PersonalData(Purpose = "Keeps the user signed in")]
    [Required]
    public byte[] Ticket { get; set; } = [];
}
