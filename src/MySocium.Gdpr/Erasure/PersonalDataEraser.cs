using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MySocium.Gdpr.EntityFrameworkCore;
using MySocium.Gdpr.Keys;
using NSec.Cryptography;

namespace MySocium.Gdpr.Erasure;

internal sealed class PersonalDataEraser(IServiceProvider services, ErasurePlans plans, KeyRing keys, TimeProvider time, ILogger<PersonalDataEraser> logger) : IPersonalDataEraser
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
        foreach (var step in Steps(db, plan, id))
        {
            steps.Add(new ErasureStepResult(step.Entity, step.Action, step.Path, await ErasureQueries.CountAsync(step.Rows(), cancellationToken)));
        }

        return new ErasureReceipt(time.GetUtcNow(), Hash(id), DryRun: true, steps);
    }

    public async Task<ErasureReceipt> EraseAsync(object subjectId, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        var plan = plans.For(db.Model);
        var id = ErasurePlans.SubjectId(plan, subjectId);
        var strategy = db.Database.CreateExecutionStrategy();
        var receipt = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var steps = new List<ErasureStepResult>();
            var number = 0;
            foreach (var step in Steps(db, plan, id))
            {
                number++;
                try
                {
                    var touched = step.Detach is { } foreignKey
                        ? await ErasureQueries.DetachAsync(step.Rows(), foreignKey, cancellationToken)
                        : await ErasureQueries.DeleteAsync(step.Rows(), cancellationToken);
                    steps.Add(new ErasureStepResult(step.Entity, step.Action, step.Path, touched));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    throw new ErasureException(
                        $"Erasure failed at step {number} ({step.Action} {step.Entity} via {step.Path}); the transaction was rolled back and nothing was changed. Run it again once the cause is fixed.", e);
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return new ErasureReceipt(time.GetUtcNow(), Hash(id), DryRun: false, steps);
        });
        Log.SubjectErased(logger, receipt.SubjectHash, receipt.Steps.Sum(s => s.Rows));
        return receipt;
    }

    /// <summary>The steps in the order they apply: detach references first, then delete, dependents before what they reference.</summary>
    private static IEnumerable<Step> Steps(DbContext db, ErasurePlan plan, object id)
    {
        foreach (var detach in plan.Detaches)
        {
            var entity = detach.ForeignKey.DeclaringEntityType;
            yield return new Step(ErasureAction.Detach, entity.DisplayName(), detach.Describe(), detach.ForeignKey,
                () => ErasureQueries.Referencing(db, entity, detach.ForeignKey, detach.Principal, id));
        }

        foreach (var node in plan.Nodes.Reverse())
        {
            yield return new Step(ErasureAction.Delete, node.EntityType.DisplayName(), node.Path, null, () => ErasureQueries.Rows(db, node, id));
        }
    }

    /// <summary>One statement of an erasure: what it does, to which rows.</summary>
    private sealed record Step(ErasureAction Action, string Entity, string Path, IForeignKey? Detach, Func<IQueryable> Rows);

    /// <summary>BLAKE2b of the id under a key derived for receipts, so a receipt names its subject only to someone who has the id.</summary>
    private string Hash(object id)
    {
        using var key = keys.BlindIndex.DeriveBlindIndexKey("erasure-receipt\0subject"u8);
        var hash = MacAlgorithm.Blake2b_256.Mac(key, Encoding.UTF8.GetBytes(Convert.ToString(id, System.Globalization.CultureInfo.InvariantCulture)!));
        return Convert.ToHexStringLower(hash);
    }
}
