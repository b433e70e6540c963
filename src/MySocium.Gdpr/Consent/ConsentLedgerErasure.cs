using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.EntityFrameworkCore;
using MySocium.Gdpr.Erasure;

namespace MySocium.Gdpr.Consent;

/// <summary>
/// Tells in the erasure receipt what happens to the subject's consent records: they are kept, as
/// the proof of consent GDPR Art. 7(1) asks for, and already name the subject only by a keyed hash
/// that nothing left in the database can be matched against. Deleting them would also break the
/// ledger's chain.
/// </summary>
internal sealed class ConsentLedgerErasure(IServiceProvider services, ConsentService consent) : IErasureParticipant
{
    public string Name => "consent ledger";

    public async Task<string> EraseAsync(object subjectId, CancellationToken cancellationToken)
    {
        var hash = consent.SubjectHash(Convert.ToString(subjectId, CultureInfo.InvariantCulture)!);
        await using var scope = services.CreateAsyncScope();
        var records = await GdprStore.Resolve(services, scope.ServiceProvider).Set<GdprConsentRecord>().CountAsync(r => r.SubjectHash == hash, cancellationToken);
        return $"{records} consent records kept as proof of consent (Art. 7(1)); they name the subject only by a keyed hash";
    }
}
