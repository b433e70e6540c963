using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

namespace MySocium.Gdpr.Notifications;

/// <summary>
/// One subject and one policy version: when the notice was queued and when the subject acknowledged
/// the version. The key makes a second notice for the same pair impossible. The subject appears
/// only as a keyed hash, so the record outlives erasure as proof without naming anyone.
/// </summary>
[Table("GdprPolicyNotices")]
[PrimaryKey(nameof(Version), nameof(SubjectHash))]
internal sealed class GdprPolicyNotice
{
    [MaxLength(64)]
    public string Version { get; set; } = "";

    [MaxLength(64)]
    public string SubjectHash { get; set; } = "";

    /// <summary>When the notice was queued (UTC); null when the subject acknowledged before any notice.</summary>
    public DateTime? NotifiedAt { get; set; }

    public DateTime? AcknowledgedAt { get; set; }
}
