using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace MySocium.Gdpr.Notifications;

/// <summary>
/// An address that gets no more bulk mail, by a keyed hash of it: the list outlives the subject's
/// erasure without holding the address, and still stops mail to it.
/// </summary>
[Table("GdprMailSuppressions")]
internal sealed class GdprMailSuppression
{
    [Key]
    [MaxLength(64)]
    public string AddressHash { get; set; } = "";

    public DateTime At { get; set; }

    /// <summary>Why: <c>Unsubscribed</c> or <c>Erased</c>.</summary>
    [MaxLength(32)]
    public string Reason { get; set; } = "";
}
