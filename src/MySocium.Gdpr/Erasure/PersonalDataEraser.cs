using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MySocium.Gdpr.EntityFrameworkCore;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.Erasure;

internal sealed class PersonalDataEraser(IServiceProvider services, ErasurePlans plans, KeyedHashes hashes, TimeProvider time, ILogger<PersonalDataEraser> logger) : IPersonalDataEraser
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
        var captured = await CaptureAsync(id, cancellationToken);
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

                    doing = "storing its receipt";
                    var receipt = new ErasureReceipt(Guid.CreateVersion7(time.GetUtcNow()), time.GetUtcNow(), Hash(id), DryRun: false, steps);
                    db.Add(new GdprErasureReceipt
                    {
                        Id = receipt.Id,
                        At = receipt.At,
                        SubjectHash = receipt.SubjectHash,
                        Steps = JsonSerializer.Serialize(steps, ErasureJson.Default.ListErasureStepResult),
                    });
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
        var participants = await RunParticipantsAsync(id, captured, cancellationToken);
        if (participants.Count == 0)
        {
            return receipt;
        }

        await using var update = services.CreateAsyncScope();
        var store = GdprStore.Resolve(services, update.ServiceProvider);
        var participantsJson = JsonSerializer.Serialize(participants, ErasureJson.Default.ListErasureParticipantResult);
        await store.Set<GdprErasureReceipt>().Where(r => r.Id == receipt.Id)
            .ExecuteUpdateAsync(r => r.SetProperty(x => x.Participants, participantsJson), cancellationToken);
        return receipt with { Participants = participants };
    }

    /// <summary>What capturing participants need after the erasure, read before it; a failed read leaves null, and the participant does without.</summary>
    private async Task<Dictionary<IErasureParticipant, object?>> CaptureAsync(object id, CancellationToken cancellationToken)
    {
        var captured = new Dictionary<IErasureParticipant, object?>();
        foreach (var participant in services.GetServices<IErasureParticipant>().OfType<ICapturingErasureParticipant>())
        {
            try
            {
                captured[participant] = await participant.CaptureAsync(id, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ErasureParticipantFailed(logger, participant.Name, e.GetType().Name);
            }
        }

        return captured;
    }

    private async Task<List<ErasureParticipantResult>> RunParticipantsAsync(object id, Dictionary<IErasureParticipant, object?> captured, CancellationToken cancellationToken)
    {
        var results = new List<ErasureParticipantResult>();
        foreach (var participant in services.GetServices<IErasureParticipant>())
        {
            try
            {
                var outcome = participant is ICapturingErasureParticipant capturing
                    ? await capturing.EraseAsync(id, captured.GetValueOrDefault(participant), cancellationToken)
                    : await participant.EraseAsync(id, cancellationToken);
                results.Add(new ErasureParticipantResult(participant.Name, true, outcome));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.ErasureParticipantFailed(logger, participant.Name, e.GetType().Name);
                results.Add(new ErasureParticipantResult(participant.Name, false, e.GetType().Name));
            }
        }

        return results;
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
                Participants = r.Participants is null ? [] : JsonSerializer.Deserialize(r.Participants, ErasureJson.Default.ListErasureParticipantResult)!,
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
