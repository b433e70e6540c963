using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.EntityFrameworkCore;
using NSec.Cryptography;

namespace MySocium.Gdpr.Consent;

/// <summary>Appends decisions to the ledger table in the host's database and verifies its chain.</summary>
internal sealed class ConsentLedger(IServiceProvider services, ConsentCategoryTable table, ConsentKeys keys) : IConsentLedger
{
    private const int Attempts = 8;

    /// <summary>
    /// Appends a record after the newest one. Two instances appending at once both pick the same
    /// sequence number; the primary key lets one win and the other tries again on the new head.
    /// </summary>
    public async Task AppendAsync(ConsentDecision decision, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = services.CreateAsyncScope();
            var db = GdprStore.Resolve(services, scope.ServiceProvider);
            var head = await db.Set<GdprConsentRecord>().AsNoTracking()
                .OrderByDescending(r => r.Sequence)
                .Select(r => new { r.Sequence, r.Hash })
                .FirstOrDefaultAsync(cancellationToken);
            var policy = table.Policy;
            var record = new GdprConsentRecord
            {
                Sequence = (head?.Sequence ?? 0) + 1,
                ConsentId = decision.ConsentId,
                SubjectHash = decision.SubjectHash,
                At = decision.At,
                Granted = string.Join(' ', table.NamesOf(decision.Granted)),
                Refused = string.Join(' ', table.NamesOf(decision.Refused)),
                Withdrawn = string.Join(' ', table.NamesOf(decision.Withdrawn)),
                PolicyVersion = policy.Version,
                PolicyStamp = Convert.ToHexStringLower(policy.Stamp),
                Method = decision.Method.ToString(),
                IpAddress = decision.IpAddress,
            };
            record.Hash = Hash(head?.Hash, record);
            db.Add(record);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), cancellationToken);
            }
        }
    }

    public async Task<ConsentLedgerVerification> VerifyLedgerAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        string? previous = null;
        long count = 0;
        await foreach (var record in db.Set<GdprConsentRecord>().AsNoTracking().OrderBy(r => r.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            if (record.Sequence != count)
            {
                return new ConsentLedgerVerification(false, count, count, $"Record {count} is missing: the next record is {record.Sequence}.");
            }

            if (!string.Equals(record.Hash, Hash(previous, record), StringComparison.Ordinal))
            {
                return new ConsentLedgerVerification(false, count, record.Sequence, $"Record {record.Sequence} does not match its hash: it, or the one before it, was changed.");
            }

            previous = record.Hash;
        }

        return new ConsentLedgerVerification(true, count, null, null);
    }

    /// <summary>Every field in a fixed text form, so the hash is the same whichever database stored the record.</summary>
    private string Hash(string? previous, GdprConsentRecord record)
    {
        var canonical = string.Join(
            '\n',
            previous ?? "",
            record.Sequence.ToString(CultureInfo.InvariantCulture),
            record.ConsentId.ToString("D"),
            record.SubjectHash ?? "",
            record.At.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            record.Granted,
            record.Refused,
            record.Withdrawn,
            record.PolicyVersion,
            record.PolicyStamp,
            record.Method,
            record.IpAddress ?? "");
        return Convert.ToHexStringLower(MacAlgorithm.Blake2b_256.Mac(keys.Ledger, Encoding.UTF8.GetBytes(canonical)));
    }
}
