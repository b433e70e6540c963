using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MySocium.Gdpr.EntityFrameworkCore;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.Erasure;

/// <summary>
/// Erases a subject in one transaction of the store context: the plan's steps, the library's own parts
/// (<see cref="IStoreErasureParticipant"/>), the receipt, and the journal entry of the parts outside the
/// database (<see cref="IErasureParticipant"/>), which run after the commit and, after a crash, at the next start.
/// </summary>
internal sealed class PersonalDataEraser(
    IServiceProvider services, ErasurePlans plans, ErasureJournal journal, KeyedHashes hashes, TimeProvider time, ILogger<PersonalDataEraser> logger) : IPersonalDataEraser
{
    public string DescribePlan()
    {
        using var scope = services.CreateScope();
        return plans.For(GdprStore.Resolve(services, scope.ServiceProvider).Model).Describe();
    }

    public async Task<ErasureReceipt> PreviewAsync(object subjectId, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        var plan = plans.For(db.Model);
        var id = ErasurePlans.SubjectId(plan, subjectId);
        var steps = new List<ErasureStepResult>();
        foreach (var step in plan.Steps)
        {
            foreach (var part in step.Parts)
            {
                var rows = await ErasureQueries.CountAsync(part.Rows(db, id, part.EntityType), cancellationToken);
                steps.Add(new ErasureStepResult(part.Entity, step.Action, part.Path, rows));
            }
        }

        return new ErasureReceipt(Guid.CreateVersion7(time.GetUtcNow()), time.GetUtcNow(), Hash(id), DryRun: true, steps);
    }

    public async Task<ErasureReceipt> EraseAsync(object subjectId, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        var plan = plans.For(db.Model);
        var id = ErasurePlans.SubjectId(plan, subjectId);
        var participants = services.GetServices<IStoreErasureParticipant>().ToList();
        var strategy = db.Database.CreateExecutionStrategy();

        // What the attempt is doing, for the exception. A failure reaches the execution strategy unwrapped,
        // so a retrying one retries a transient error; only the last attempt's is wrapped, naming the step.
        string? doing = null;

        // The receipt an attempt tried to commit: if the commit failed but landed, the strategy finds it and stops.
        ErasureReceipt? committing = null;
        ErasureReceipt receipt;
        try
        {
            receipt = await strategy.ExecuteAsync(
                state: 0,
                operation: async (_, _, _) =>
                {
                    // A retried attempt starts from what the database holds, not from rows an earlier attempt loaded.
                    doing = null;
                    committing = null;
                    db.ChangeTracker.Clear();
                    await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                    var captured = new List<object?>();
                    foreach (var participant in participants)
                    {
                        doing = $"reading what the {participant.Name} part needs";
                        captured.Add(await participant.CaptureAsync(db, id, cancellationToken));
                    }

                    var steps = new List<ErasureStepResult>();
                    var number = 0;
                    foreach (var step in plan.Steps)
                    {
                        doing = $"at step {++number} ({step.Description})";
                        var touched = step.Statements is { } statements
                            ? [await RunStatementsAsync(db, step.Parts[0], statements, id, cancellationToken)]
                            : await ErasureTracked.RunAsync(db, step, id, cancellationToken);
                        steps.AddRange(step.Parts.Select((part, i) => new ErasureStepResult(part.Entity, step.Action, part.Path, touched[i])));
                    }

                    var results = new List<ErasureParticipantResult>();
                    for (var i = 0; i < participants.Count; i++)
                    {
                        doing = $"in the {participants[i].Name} part";
                        results.Add(new ErasureParticipantResult(participants[i].Name, true, await participants[i].EraseAsync(db, id, captured[i], cancellationToken)));
                    }

                    doing = "storing its receipt";
                    var receipt = new ErasureReceipt(Guid.CreateVersion7(time.GetUtcNow()), time.GetUtcNow(), Hash(id), DryRun: false, steps) { Participants = results };
                    db.Add(new GdprErasureReceipt
                    {
                        Id = receipt.Id,
                        At = receipt.At,
                        SubjectHash = receipt.SubjectHash,
                        Steps = JsonSerializer.Serialize(steps, ErasureJson.Default.ListErasureStepResult),
                        Participants = JsonSerializer.Serialize(results, ErasureJson.Default.ListErasureParticipantResult),
                    });
                    journal.Add(db, receipt.Id, receipt.SubjectHash, id);
                    await db.SaveChangesAsync(cancellationToken);

                    // A failed commit may or may not have landed: it is not reported as "nothing was changed".
                    doing = null;
                    committing = receipt;
                    await transaction.CommitAsync(cancellationToken);
                    db.ChangeTracker.Clear();
                    return receipt;
                },
                verifySucceeded: async (_, _, token) => committing is { } landed
                    && await db.Set<GdprErasureReceipt>().AsNoTracking().AnyAsync(r => r.Id == landed.Id, token)
                        ? new ExecutionResult<ErasureReceipt>(true, landed)
                        : new ExecutionResult<ErasureReceipt>(false, null!),
                cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && doing is not null)
        {
            throw new ErasureException(
                $"Erasure failed {doing}; the transaction was rolled back and nothing was changed. Run it again once the cause is fixed.", e);
        }

        Log.SubjectErased(logger, receipt.SubjectHash, receipt.Steps.Sum(s => s.Rows));
        participants.ForEach(p => p.Committed());

        // What lives outside the database, from the journal entry the transaction wrote; with it, what an
        // earlier erasure of the subject still owed. A participant that fails stays in the journal.
        // The erasure has committed: a failure here leaves the entry for the next start, it is not the caller's to handle.
        try
        {
            var outside = await journal.RunAsync(receipt.Id, plan.SubjectKey, cancellationToken);
            await journal.ResumeAsync(receipt.SubjectHash, plan.SubjectKey, cancellationToken);
            return outside is null ? receipt : receipt with { Participants = outside };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.ErasureJournalFailed(logger, e);
            return receipt;
        }
    }

    public async Task<IReadOnlyList<ErasureReceipt>> GetReceiptsAsync(object subjectId, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        var hash = Hash(ErasurePlans.SubjectId(plans.For(db.Model), subjectId));
        var stored = await db.Set<GdprErasureReceipt>().AsNoTracking().Where(r => r.SubjectHash == hash).ToListAsync(cancellationToken);
        return [.. stored
            .OrderBy(r => r.At)
            .Select(r => new ErasureReceipt(r.Id, r.At, r.SubjectHash, DryRun: false, JsonSerializer.Deserialize(r.Steps, ErasureJson.Default.ListErasureStepResult)!)
            {
                Participants = ErasureJournal.Stored(r),
            })];
    }

    /// <summary>Runs a step's set-based statements; returns the rows they count.</summary>
    private static async Task<int> RunStatementsAsync(DbContext db, ErasurePart part, IReadOnlyList<ErasureStatement> statements, object id, CancellationToken cancellationToken)
    {
        var rows = 0;
        foreach (var statement in statements)
        {
            var target = part.Rows(db, id, statement.Target);
            var touched = statement.Values is { } values
                ? await ErasureQueries.UpdateAsync(target, values, cancellationToken)
                : await ErasureQueries.DeleteAsync(target, cancellationToken);
            rows += statement.CountsRows ? touched : 0;
        }

        return rows;
    }

    /// <summary>The subject's pseudonym in receipts: it names the subject only to someone who has the id.</summary>
    private string Hash(object id) => hashes.SubjectHash("erasure-receipt\0subject", id);
}
