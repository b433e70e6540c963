using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace MySocium.Gdpr.Erasure;

/// <summary>
/// What an erasure still owes outside the database: written in the erasure's transaction, so a crash
/// after the commit leaves the work recorded, and deleted once every <see cref="IErasureParticipant"/>
/// named here has finished. The subject's id is kept, encrypted, only as long as that takes.
/// </summary>
[Table("GdprErasureJournal")]
internal sealed class GdprErasureJournalEntry
{
    /// <summary>The receipt of the erasure, which the participants' results complete.</summary>
    [Key]
    public Guid ReceiptId { get; set; }

    /// <summary>The subject's keyed hash, as on the receipt, so a new erasure of the subject finishes this one first.</summary>
    [MaxLength(64)]
    public string SubjectHash { get; set; } = "";

    /// <summary>The subject's id in invariant text, for the participants still to run.</summary>
    [PersonalData(Purpose = "Finishes an erasure's parts outside the database after a failure or a crash")]
    public string SubjectId { get; set; } = "";

    /// <summary>The names of the participants still to run, as a JSON array.</summary>
    public string Pending { get; set; } = "";

    /// <summary>When the erasure committed (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The run working on the entry (see <see cref="ProcessIdentity"/>), so no other instance runs the same participants at once.</summary>
    [MaxLength(ProcessIdentity.Length)]
    [ConcurrencyCheck]
    public string? ClaimedBy { get; set; }

    /// <summary>When the claim lapses (UTC), freeing the entry of a run that died on another machine.</summary>
    public DateTime? ClaimedUntil { get; set; }
}
