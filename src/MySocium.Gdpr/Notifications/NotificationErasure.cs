using Microsoft.EntityFrameworkCore;
using MySocium.Gdpr.Erasure;

namespace MySocium.Gdpr.Notifications;

/// <summary>
/// Erasure's part in notifications, inside the erasure's transaction: the subject's queued mail goes,
/// opt-in records lose their evidence reference (the rest stays as proof, by keyed hashes), the address
/// read before the plan's steps joins the suppression list (by its keyed hash, so no bulk mail reaches
/// it again), and an erasure notice is queued to it, linked to no subject. A crash leaves either all of
/// it with the erasure or none of it.
/// </summary>
internal sealed class NotificationErasure(SubjectDirectory directory, Notifier notifier, NotificationKeys keys, Outbox outbox, TimeProvider time)
    : IStoreErasureParticipant
{
    public string Name => "notifications";

    public async Task<object?> CaptureAsync(DbContext db, object subjectId, CancellationToken cancellationToken)
        => await directory.FindAsync(db, subjectId, cancellationToken);

    public async Task<string> EraseAsync(DbContext db, object subjectId, object? captured, CancellationToken cancellationToken)
    {
        var subjectHash = keys.SubjectHash(subjectId);
        var recipient = captured as SubjectRecipient;
        var email = GdprMailAddress.IsDeliverable(recipient?.Email) ? recipient!.Email! : null;
        var addressHash = email is null ? null : keys.AddressHash(email);
        var dropped = await db.Set<GdprOutboxMessage>().Where(m => m.SubjectHash == subjectHash && m.SentAt == null).ExecuteDeleteAsync(cancellationToken);

        // Tracked: the reference is encrypted, which set-based updates do not write.
        var optIns = await db.Set<GdprMailOptIn>().Where(o => (o.SubjectHash == subjectHash || o.AddressHash == addressHash) && o.Reference != null).ToListAsync(cancellationToken);
        optIns.ForEach(o => o.Reference = null);
        var outcome = $"{dropped} queued messages dropped, {optIns.Count} opt-in evidence references removed";
        if (email is null || addressHash is null)
        {
            return outcome + "; no address to suppress or tell";
        }

        // An unsubscribe of the same address committing meanwhile fails this insert, and with it the erasure,
        // which says so and can run again; inside a transaction, PostgreSQL allows no retry after the failure.
        if (!await db.Set<GdprMailSuppression>().AnyAsync(s => s.AddressHash == addressHash, cancellationToken))
        {
            db.Add(new GdprMailSuppression { AddressHash = addressHash, At = time.GetUtcNow().UtcDateTime, Reason = Notifier.Erased });
        }

        notifier.Add(db, new GdprAccountActivity { Kind = GdprAccountActivityKind.ErasureCompleted, Email = email, Name = recipient!.Name }, subjectHash: null);
        return outcome + "; the address is suppressed (by a keyed hash) and an erasure notice is queued to it";
    }

    public void Committed() => outbox.Committed();
}
