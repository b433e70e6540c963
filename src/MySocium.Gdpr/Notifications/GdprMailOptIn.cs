using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace MySocium.Gdpr.Notifications;

/// <summary>
/// Evidence that an address asked for bulk mail: how, when, and a reference to the proof (a form
/// submission, a conversation). Kept after erasure as proof, with the reference removed.
/// </summary>
[Table("GdprMailOptIns")]
internal sealed class GdprMailOptIn
{
    [Key]
    public Guid Id { get; set; }

    /// <summary>The keyed hash of the normalized address (the suppression list's key).</summary>
    [MaxLength(64)]
    public string AddressHash { get; set; } = "";

    [MaxLength(64)]
    public string? SubjectHash { get; set; }

    /// <summary>Where the opt-in came from, such as "newsletter form" or "started a Messenger conversation".</summary>
    [MaxLength(256)]
    public string Source { get; set; } = "";

    /// <summary>A reference to the evidence (a form submission id, a conversation id).</summary>
    [PersonalData(Purpose = "Proves the opt-in to bulk mail")]
    public string? Reference { get; set; }

    public DateTime At { get; set; }
}
