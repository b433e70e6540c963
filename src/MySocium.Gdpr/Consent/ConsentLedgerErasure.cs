using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MySocium.Gdpr.Erasure;

namespace MySocium.Gdpr.Consent;

/// <summary>
/// Tells in the erasure receipt what happens to the subject's consent records: they are kept, as
/// the proof of consent GDPR Art. 7(1) asks for, and already name the subject only by a keyed hash
/// that nothing left in the database can be matched against. Deleting them would also break the
/// ledger's chain.
/// </summary>
internal sealed class ConsentLedgerErasure(ConsentService consent) : IStoreErasureParticipant
{
    public string Name => "consent ledger";

    public Task<object?> CaptureAsync(DbContext db, object subjectId, CancellationToken cancellationToken) => Task.FromResult<object?>(null);

    public async Task<string> EraseAsync(DbContext db, object subjectId, object? captured, CancellationToken cancellationToken)
    {
        var hash = consent.SubjectHash(Convert.ToString(subjectId, CultureInfo.InvariantCulture)!);
        var records = await db.Set<GdprConsentRecord>().CountAsync(r => r.SubjectHash == hash, cancellationToken);
        return $"{records} consent records kept as proof of consent (Art. 7(1)); they name the subject only by a keyed hash";
    }

    public void Committed()
    {
    }
}
