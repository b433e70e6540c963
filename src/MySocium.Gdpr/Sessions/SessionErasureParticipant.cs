using MySocium.Gdpr.Erasure;

namespace MySocium.Gdpr.Sessions;

/// <summary>Ends the erased subject's sessions: their stored tickets link to them by a hash, not a foreign key, so the erasure plan does not reach them.</summary>
internal sealed class SessionErasureParticipant(DatabaseTicketStore store) : IErasureParticipant
{
    public string Name => "sessions";

    public async Task<string> EraseAsync(object subjectId, CancellationToken cancellationToken)
    {
        var ended = await store.RemoveSubjectAsync(subjectId, cancellationToken);
        return ended == 1 ? "1 session ended" : $"{ended} sessions ended";
    }
}
