using Microsoft.EntityFrameworkCore;
using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.Sessions;

/// <summary>
/// Ends the erased subject's sessions, inside the erasure's transaction: their stored tickets link to
/// them by a hash, not a foreign key, so the erasure plan does not reach them.
/// </summary>
internal sealed class SessionErasureParticipant(KeyedHashes hashes) : IStoreErasureParticipant
{
    public string Name => "sessions";

    public Task<object?> CaptureAsync(DbContext db, object subjectId, CancellationToken cancellationToken) => Task.FromResult<object?>(null);

    public async Task<string> EraseAsync(DbContext db, object subjectId, object? captured, CancellationToken cancellationToken)
    {
        var hash = SessionSubject.Hash(hashes, subjectId);
        var ended = await db.Set<GdprAuthenticationTicket>().Where(t => t.SubjectHash == hash).ExecuteDeleteAsync(cancellationToken);
        return ended == 1 ? "1 session ended" : $"{ended} sessions ended";
    }

    public void Committed()
    {
    }
}
