using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.EntityFrameworkCore;
using MySocium.Gdpr.Erasure;

namespace MySocium.Gdpr.Notifications;

/// <summary>
/// Erasure's part in notifications: the subject's queued mail goes, opt-in records lose their
/// evidence reference (the rest stays as proof, by keyed hashes), the address captured before the
/// erasure joins the suppression list (by its keyed hash, so no bulk mail reaches it again), and an
/// erasure notice is queued to it, linked to no subject.
/// </summary>
internal sealed class NotificationErasure(IServiceProvider services, SubjectDirectory directory, Notifier notifier, NotificationKeys keys, Outbox outbox)
    : ICapturingErasureParticipant
{
    public string Name => "notifications";

    public async Task<object?> CaptureAsync(object subjectId, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        return await directory.FindAsync(GdprStore.Resolve(services, scope.ServiceProvider), subjectId, cancellationToken);
    }

    public Task<string> EraseAsync(object subjectId, CancellationToken cancellationToken) => EraseAsync(subjectId, null, cancellationToken);

    public async Task<string> EraseAsync(object subjectId, object? captured, CancellationToken cancellationToken)
    {
        var subjectHash = keys.SubjectHash(subjectId);
        var email = (captured as SubjectRecipient)?.Email;
        var addressHash = GdprMailAddress.IsDeliverable(email) ? keys.AddressHash(email!) : null;
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        var dropped = await db.Set<GdprOutboxMessage>().Where(m => m.SubjectHash == subjectHash && m.SentAt == null).ExecuteDeleteAsync(cancellationToken);

        // Tracked: the reference is encrypted, which set-based updates do not write.
        var optIns = await db.Set<GdprMailOptIn>().Where(o => (o.SubjectHash == subjectHash || o.AddressHash == addressHash) && o.Reference != null).ToListAsync(cancellationToken);
        optIns.ForEach(o => o.Reference = null);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        var outcome = $"{dropped} queued messages dropped, {optIns.Count} opt-in evidence references removed";
        if (addressHash is null)
        {
            return outcome + "; no address to suppress or tell";
        }

        await notifier.SuppressAsync(db, addressHash, Notifier.Erased, cancellationToken);
        notifier.Add(db, new GdprAccountActivity { Kind = GdprAccountActivityKind.ErasureCompleted, Email = email!, Name = (captured as SubjectRecipient)?.Name }, subjectHash: null);
        await db.SaveChangesAsync(cancellationToken);
        outbox.Committed();
        return outcome + "; the address is suppressed (by a keyed hash) and an erasure notice is queued to it";
    }
}
