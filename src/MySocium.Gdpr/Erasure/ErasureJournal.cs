using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Erasure;

/// <summary>
/// Runs the <see cref="IErasureParticipant"/>s (what lives outside the database) of an erasure from its
/// journal entry, written in the erasure's transaction: right after the commit, and again after a failure
/// or a crash, until each has finished. Their results complete the stored receipt. One run at a time works
/// on an entry, across instances: it claims the entry first.
/// </summary>
internal sealed class ErasureJournal(IServiceProvider services, TimeProvider time, ILogger<ErasureJournal> logger)
{
    /// <summary>How long a claim holds off other instances; a run that takes longer may see its entry taken over.</summary>
    internal static readonly TimeSpan ClaimDuration = TimeSpan.FromMinutes(5);

    /// <summary>Records in <paramref name="db"/> (in the erasure's transaction) what the participants still owe; nothing when none is registered.</summary>
    public void Add(DbContext db, Guid receiptId, string subjectHash, object subjectId)
    {
        var names = services.GetServices<IErasureParticipant>().Select(p => p.Name).ToList();
        if (names.Count == 0)
        {
            return;
        }

        db.Add(new GdprErasureJournalEntry
        {
            ReceiptId = receiptId,
            SubjectHash = subjectHash,
            SubjectId = Convert.ToString(subjectId, CultureInfo.InvariantCulture)!,
            Pending = JsonSerializer.Serialize(names, ErasureJson.Default.ListString),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        });
    }

    /// <summary>Runs the participants an entry still owes, if no other run holds it; returns the receipt's participants afterwards, or null when it did not run.</summary>
    public async Task<IReadOnlyList<ErasureParticipantResult>?> RunAsync(Guid receiptId, Type subjectKey, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        var entry = await db.Set<GdprErasureJournalEntry>().SingleOrDefaultAsync(e => e.ReceiptId == receiptId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        if (entry is null || (entry.ClaimedBy is { } holder && entry.ClaimedUntil > now && !ProcessIdentity.IsDead(holder)))
        {
            return null;
        }

        var claim = ProcessIdentity.NewHolder();
        entry.ClaimedBy = claim;
        entry.ClaimedUntil = now + ClaimDuration;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance claimed it, or finished it, meanwhile.
            return null;
        }

        var subjectId = TypeDescriptor.GetConverter(subjectKey).ConvertFromInvariantString(entry.SubjectId)!;
        var results = new List<ErasureParticipantResult>();
        foreach (var name in JsonSerializer.Deserialize(entry.Pending, ErasureJson.Default.ListString)!)
        {
            results.Add(await RunParticipantAsync(name, subjectId, cancellationToken));
        }

        var receipt = await db.Set<GdprErasureReceipt>().SingleOrDefaultAsync(r => r.Id == receiptId, cancellationToken);
        List<ErasureParticipantResult> participants = [];
        if (receipt is not null)
        {
            var ran = results.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
            participants = [.. Stored(receipt).Where(r => !ran.Contains(r.Name)), .. results];
            receipt.Participants = JsonSerializer.Serialize(participants, ErasureJson.Default.ListErasureParticipantResult);
        }

        var failed = results.Where(r => !r.Succeeded).Select(r => r.Name).ToList();
        if (failed.Count == 0)
        {
            db.Remove(entry);
        }
        else
        {
            entry.Pending = JsonSerializer.Serialize(failed, ErasureJson.Default.ListString);
            entry.ClaimedBy = null;
            entry.ClaimedUntil = null;
        }

        await db.SaveChangesAsync(cancellationToken);
        return participants;
    }

    /// <summary>
    /// Runs every entry no live run holds (of one subject, when <paramref name="subjectHash"/> is set); returns
    /// how many ran, and when the earliest claim of another run lapses, if one held an entry.
    /// </summary>
    public async Task<(int Ran, DateTime? HeldUntil)> ResumeAsync(string? subjectHash, Type subjectKey, CancellationToken cancellationToken)
    {
        List<(Guid ReceiptId, DateTime? ClaimedUntil)> entries;
        await using (var scope = services.CreateAsyncScope())
        {
            var pending = GdprStore.Resolve(services, scope.ServiceProvider).Set<GdprErasureJournalEntry>().AsNoTracking();
            var rows = await (subjectHash is null ? pending : pending.Where(e => e.SubjectHash == subjectHash))
                .OrderBy(e => e.CreatedAt)
                .Select(e => new { e.ReceiptId, e.ClaimedUntil })
                .ToListAsync(cancellationToken);
            entries = [.. rows.Select(r => (r.ReceiptId, r.ClaimedUntil))];
        }

        var ran = 0;
        DateTime? heldUntil = null;
        foreach (var entry in entries)
        {
            if (await RunAsync(entry.ReceiptId, subjectKey, cancellationToken) is not null)
            {
                ran++;
            }
            else if (entry.ClaimedUntil is { } until && (heldUntil is null || until < heldUntil))
            {
                heldUntil = until;
            }
        }

        return (ran, heldUntil);
    }

    /// <summary>The participants' results a receipt stores.</summary>
    internal static List<ErasureParticipantResult> Stored(GdprErasureReceipt receipt)
        => receipt.Participants is null ? [] : JsonSerializer.Deserialize(receipt.Participants, ErasureJson.Default.ListErasureParticipantResult)!;

    private async Task<ErasureParticipantResult> RunParticipantAsync(string name, object subjectId, CancellationToken cancellationToken)
    {
        if (services.GetServices<IErasureParticipant>().FirstOrDefault(p => p.Name == name) is not { } participant)
        {
            Log.ErasureParticipantMissing(logger, name);
            return new ErasureParticipantResult(name, false, "no participant of this name is registered");
        }

        try
        {
            return new ErasureParticipantResult(name, true, await participant.EraseAsync(subjectId, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.ErasureParticipantFailed(logger, name, e.GetType().Name);
            return new ErasureParticipantResult(name, false, e.GetType().Name);
        }
    }
}
