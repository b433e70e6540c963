using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace MySocium.Gdpr.Erasure;

/// <summary>
/// A stored erasure receipt, kept for accountability: it references nothing, so it survives the
/// erasure it records, and holds no personal data (the subject appears as a keyed hash).
/// </summary>
[Table("GdprErasureReceipts")]
internal sealed class GdprErasureReceipt
{
    [Key]
    public Guid Id { get; set; }

    public DateTimeOffset At { get; set; }

    [MaxLength(64)]
    public string SubjectHash { get; set; } = "";

    /// <summary>The steps as JSON: entity, action, path, rows.</summary>
    public string Steps { get; set; } = "";

    /// <summary>The participants' results as JSON, written after they ran; null when none is registered.</summary>
    public string? Participants { get; set; }
}
