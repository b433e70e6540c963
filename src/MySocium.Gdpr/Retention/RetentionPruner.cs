using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Retention;

internal sealed class RetentionPruner(
    IServiceProvider services,
    RetentionPlans plans,
    IOptions<GdprOptions> options,
    TimeProvider time,
    RetentionMetrics metrics,
    ILogger<RetentionPruner> logger) : IRetentionPruner
{
    /// <summary>Tags the pruner's statements in the SQL log.</summary>
    public const string Tag = "MySocium.Gdpr retention";

    private static readonly MethodInfo DeleteBatchMethod = typeof(RetentionPruner).GetMethod(nameof(DeleteBatchAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    public IReadOnlyList<RetentionPolicy> Policies => [.. plans.Plans.Select(p => p.Policy)];

    public async Task<RetentionReport> PruneAsync(IProgress<RetentionReport>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        if (plans.Plans.Count == 0)
        {
            return new RetentionReport(true, [], TimeSpan.Zero);
        }

        var settings = options.Value.Retention;
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);

        // One connection for the run, rather than one opened and closed per statement.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var (acquired, heldUntil) = await RetentionLock.TryAcquireAsync(db, time, settings.LeaseDuration, logger, cancellationToken);
        if (acquired is null)
        {
            return new RetentionReport(false, [], time.GetElapsedTime(started)) { HeldUntil = heldUntil };
        }

        await using var held = acquired;

        var truncation = new IpAddressTruncation(settings.Anonymization, settings.IPv4PrefixLength, settings.IPv6PrefixLength);
        var now = time.GetUtcNow();
        var reports = new List<RetentionEntityReport>();
        foreach (var plan in plans.Plans)
        {
            var report = new RetentionEntityReport(plan.Entity, 0, 0, 0);
            void Report(RetentionEntityReport current)
            {
                report = current;
                progress?.Report(new RetentionReport(true, [.. reports, current], time.GetElapsedTime(started)));
            }

            if (plan.Policy.DeleteAfter is { } deleteAfter)
            {
                await DeleteAsync(db, plan, now - deleteAfter, held, settings, deleted =>
                {
                    metrics.Deleted(plan.Entity, deleted);
                    Report(report with { Deleted = report.Deleted + deleted });
                }, cancellationToken);
            }

            if (plan.Policy.AnonymizeAfter is { } anonymizeAfter)
            {
                await AnonymizeAsync(db, plan, now - anonymizeAfter, held, truncation, settings, (rows, malformed) =>
                {
                    metrics.Anonymized(plan.Entity, rows, malformed);
                    Report(report with { Anonymized = report.Anonymized + rows, Malformed = report.Malformed + malformed });
                }, cancellationToken);
            }

            reports.Add(report);
        }

        var duration = time.GetElapsedTime(started);
        metrics.Ran(duration);
        Log.RetentionFinished(logger, reports.Count, reports.Sum(r => r.Deleted), reports.Sum(r => r.Anonymized), reports.Sum(r => r.Malformed), (long)duration.TotalMilliseconds);
        return new RetentionReport(true, reports, duration);
    }

    private static Task DeleteAsync(
        DbContext db, RetentionPlan plan, DateTimeOffset cutoff, RetentionLock held, GdprRetentionOptions settings, Action<long> deleted, CancellationToken cancellationToken)
    {
        var deleteBatch = DeleteBatchMethod.MakeGenericMethod(plan.EntityType.ClrType, plan.Timestamp.ClrType)
            .CreateDelegate<Func<DbContext, RetentionPlan, object, int, CancellationToken, Task<(int Rows, bool More)>>>();
        var boundary = Timestamp(plan, cutoff);
        return InTransactionsAsync(
            db,
            held,
            async token =>
            {
                var total = 0L;
                for (var i = 0; i < settings.BatchesPerTransaction; i++)
                {
                    var (rows, more) = await deleteBatch(db, plan, boundary, settings.BatchSize, token);
                    total += rows;
                    if (!more)
                    {
                        return new Committed(false, total, 0, null);
                    }
                }

                return new Committed(true, total, 0, null);
            },
            committed => deleted(committed.Rows),
            cancellationToken);
    }

    /// <summary>
    /// Deletes up to <paramref name="batchSize"/> of the oldest rows older than <paramref name="cutoff"/>, query filters
    /// ignored; returns how many, and whether more may be left. A batch is bounded by timestamp rather than by a list of
    /// keys: the timestamp of the first row past the batch is read from the index, and the rows older than it go in one
    /// range delete, the access path of a single unbatched DELETE (SQLite takes a third longer to delete a list of keys).
    /// </summary>
    private static async Task<(int Rows, bool More)> DeleteBatchAsync<TEntity, TTimestamp>(
        DbContext db, RetentionPlan plan, object cutoff, int batchSize, CancellationToken cancellationToken)
        where TEntity : class
    {
        var row = Expression.Parameter(typeof(TEntity), "row");
        var timestamp = Expression.Call(typeof(EF), nameof(EF.Property), [typeof(TTimestamp)], row, Expression.Constant(plan.Timestamp.Name));
        var byAge = Expression.Lambda<Func<TEntity, TTimestamp>>(timestamp, row);
        // A captured value, so EF sends it as a parameter and caches one query.
        static Expression Captured(TTimestamp value) => Expression.Field(Expression.Constant(new StrongBox<TTimestamp>(value)), nameof(StrongBox<TTimestamp>.Value));

        var older = db.Set<TEntity>().IgnoreQueryFilters().TagWith(Tag)
            .Where(Expression.Lambda<Func<TEntity, bool>>(Expression.LessThan(timestamp, Captured((TTimestamp)cutoff)), row));
        var past = await older.OrderBy(byAge).Select(byAge).Skip(batchSize).Take(1).ToListAsync(cancellationToken);
        if (past.Count == 0)
        {
            return (await older.ExecuteDeleteAsync(cancellationToken), false);
        }

        // One bound only: the boundary is below the cutoff (it was read under it), and with both SQLite ranges the
        // index on the cutoff and filters by the boundary, reading every remaining row for each batch (8 s instead of 0.9 s).
        var rows = await db.Set<TEntity>().IgnoreQueryFilters().TagWith(Tag)
            .Where(Expression.Lambda<Func<TEntity, bool>>(Expression.LessThan(timestamp, Captured(past[0])), row))
            .ExecuteDeleteAsync(cancellationToken);
        if (rows == 0)
        {
            // More than a batch of rows share the oldest timestamp: a batch of them, by key.
            rows = await older.OrderBy(byAge).Take(batchSize).ExecuteDeleteAsync(cancellationToken);
        }

        return (rows, true);
    }

    private static Task AnonymizeAsync(
        DbContext db,
        RetentionPlan plan,
        DateTimeOffset cutoff,
        RetentionLock held,
        IpAddressTruncation truncation,
        GdprRetentionOptions settings,
        Action<long, long> anonymized,
        CancellationToken cancellationToken)
    {
        var table = new RetentionTable(db, plan);
        var boundary = Timestamp(plan, cutoff);

        // Where the last committed transaction stopped: a retried or interrupted transaction starts again from here.
        object[]? after = null;
        return InTransactionsAsync(
            db,
            held,
            async token =>
            {
                var cursor = after;
                var landed = 0L;
                var malformed = 0L;
                for (var i = 0; i < settings.BatchesPerTransaction; i++)
                {
                    var rows = await table.ReadAsync(boundary, cursor, settings.BatchSize, token);
                    var rewrites = new List<RetentionRewrite>();
                    foreach (var row in rows)
                    {
                        var changed = new bool[row.Values.Length];
                        var values = new object?[row.Values.Length];
                        for (var c = 0; c < values.Length; c++)
                        {
                            var outcome = truncation.Anonymize(row.Values[c], out values[c]);
                            changed[c] = outcome != AnonymizedOutcome.Unchanged;
                            malformed += outcome == AnonymizedOutcome.Malformed ? 1 : 0;
                        }

                        if (changed.Contains(true))
                        {
                            rewrites.Add(new RetentionRewrite(row, changed, values));
                        }
                    }

                    if (rewrites.Count > 0)
                    {
                        landed += await table.WriteAsync(rewrites, token);
                    }

                    if (rows.Count < settings.BatchSize)
                    {
                        return new Committed(false, landed, malformed, null);
                    }

                    cursor = rows[^1].Key;
                }

                return new Committed(true, landed, malformed, cursor);
            },
            committed =>
            {
                after = committed.After;
                anonymized(committed.Rows, committed.Malformed);
            },
            cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="transaction"/> in transactions until it reports nothing more to do, each retried whole by
    /// the provider's execution strategy. Only committed work is reported and counted, so a run that stops keeps what
    /// it reported, and the next run finishes the rest: doing a batch twice changes nothing.
    /// </summary>
    private static async Task InTransactionsAsync(
        DbContext db, RetentionLock held, Func<CancellationToken, Task<Committed>> transaction, Action<Committed> committed, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        Committed done;
        do
        {
            done = await strategy.ExecuteAsync(
                (db, transaction),
                static async (_, state, token) =>
                {
                    await using var scope = await state.db.Database.BeginTransactionAsync(token);
                    var done = await state.transaction(token);
                    await scope.CommitAsync(token);
                    return done;
                },
                verifySucceeded: null,
                cancellationToken);
            committed(done);
            await held.RenewAsync(cancellationToken);
        }
        while (done.More);
    }

    /// <summary>What one transaction did: whether work is left, rows changed, malformed values, and where a next one starts.</summary>
    private readonly record struct Committed(bool More, long Rows, long Malformed, object[]? After);

    /// <summary>The cutoff in the timestamp property's type: a DateTime is taken to be in UTC.</summary>
    private static object Timestamp(RetentionPlan plan, DateTimeOffset cutoff)
        => (Nullable.GetUnderlyingType(plan.Timestamp.ClrType) ?? plan.Timestamp.ClrType) == typeof(DateTime) ? cutoff.UtcDateTime : (object)cutoff;
}
