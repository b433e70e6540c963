using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace MySocium.Gdpr.Consent;

/// <summary>
/// One record of the append-only consent ledger (GDPR Art. 7(1): the controller must be able to
/// show that consent was given). Each record's <see cref="Hash"/> covers the one before, so an
/// edited, removed or reordered record breaks the chain. The subject appears only as a keyed hash.
/// </summary>
[Table("GdprConsentRecords")]
internal sealed class GdprConsentRecord
{
    /// <summary>The record's place in the chain, from 1, without gaps.</summary>
    [Key]
    [DatabaseGenerated(DatabaseGeneratedOption.None)]
    public long Sequence { get; set; }

    /// <summary>The pseudonymous id the visitor's consent cookie carries.</summary>
    public Guid ConsentId { get; set; }

    [MaxLength(64)]
    public string? SubjectHash { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The optional categories granted, space separated.</summary>
    [MaxLength(1024)]
    public string Granted { get; set; } = "";

    /// <summary>The optional categories refused, space separated.</summary>
    [MaxLength(1024)]
    public string Refused { get; set; } = "";

    /// <summary>The categories the visitor had granted before and refuses now, space separated.</summary>
    [MaxLength(1024)]
    public string Withdrawn { get; set; } = "";

    [MaxLength(64)]
    public string PolicyVersion { get; set; } = "";

    /// <summary>The hash of the policy version and the cookie declarations the visitor was shown.</summary>
    [MaxLength(32)]
    public string PolicyStamp { get; set; } = "";

    [MaxLength(32)]
    public string Method { get; set; } = "";

    /// <summary>The network the decision came from, if the options keep it (truncated), else null.</summary>
    [MaxLength(64)]
    public string? IpAddress { get; set; }

    /// <summary>Keyed BLAKE2b-256 over the previous record's hash and this record's fields, in hex.</summary>
    [MaxLength(64)]
    public string Hash { get; set; } = "";
}
