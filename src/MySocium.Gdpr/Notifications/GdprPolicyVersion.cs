using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace MySocium.Gdpr.Notifications;

/// <summary>A published version of the privacy policy, and how far sending its notices has come.</summary>
[Table("GdprPolicyVersions")]
internal sealed class GdprPolicyVersion
{
    [Key]
    [MaxLength(64)]
    public string Version { get; set; } = "";

    /// <summary>SHA-256 of the policy's text, in hex: proof of which text the version was.</summary>
    [MaxLength(64)]
    public string TextHash { get; set; } = "";

    [MaxLength(4000)]
    public string Summary { get; set; } = "";

    /// <summary>When the version takes effect (UTC); the latest effective version is the current one.</summary>
    public DateTime EffectiveAt { get; set; }

    public DateTime PublishedAt { get; set; }

    /// <summary>The key of the last subject whose notice was queued, so an interrupted run resumes after it.</summary>
    [MaxLength(256)]
    public string? NoticeCursor { get; set; }

    /// <summary>When every subject's notice was queued (UTC); null while some are left.</summary>
    public DateTime? NoticesQueuedAt { get; set; }

    /// <summary>The instance queuing the notices, so two never do it at once.</summary>
    public Guid? LeaseHolder { get; set; }

    public DateTime? LeaseUntil { get; set; }
}
