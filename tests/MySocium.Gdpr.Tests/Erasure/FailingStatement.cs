using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;
using MySocium.Gdpr.Erasure;

namespace MySocium.Gdpr.Tests.Erasure;

/// <summary>
/// Fails the n-th write of an erasure's transaction, as a crash or a constraint half-way through would.
/// Set-based statements run as non-queries; SaveChanges (the tracked fallback, the receipt) may send
/// its INSERT, UPDATE and DELETE commands, batched or not, as readers. Each command counts once.
/// Writes outside a transaction, and every write after the erasure's commit (the journal's run of the
/// participants outside the database, which completes the receipt), do not count.
/// </summary>
public sealed class FailingStatement : DbCommandInterceptor, IDbTransactionInterceptor
{
    private int _failAt;
    private int _seen;
    private bool _committed;

    /// <summary>Gets whether the last erasure reached the failing write.</summary>
    public bool Failed { get; private set; }

    /// <summary>
    /// Fails each write of <paramref name="erase"/> in turn, checking after every failure that nothing changed,
    /// until a run reaches no failing write and completes (that run is the rerun).
    /// </summary>
    /// <returns>Per failed write, what the <see cref="ErasureException"/> named: <c>at step N</c>, <c>in the … part</c> or <c>storing its receipt</c>.</returns>
    public async Task<List<string>> FailEachWriteAsync(Func<Task> erase, Func<int, Task> assertUnchanged)
    {
        var failedAt = new List<string>();
        for (var write = 1; ; write++)
        {
            FailAt(write);
            ErasureException? failure = null;
            try
            {
                await erase();
            }
            catch (ErasureException e)
            {
                failure = e;
            }

            if (!Failed)
            {
                failure.Should().BeNull();
                FailAt(0);
                return failedAt;
            }

            failure.Should().NotBeNull($"write {write} failed");
            failedAt.Add(Regex.Match(failure!.Message, @"^Erasure failed (at step \d+|in the [a-z ]+ part|storing its receipt)").Groups[1].Value);
            await assertUnchanged(write);
        }
    }

    public void FailAt(int statement)
    {
        _failAt = statement;
        _seen = 0;
        _committed = false;
        Failed = false;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        _committed = true;
        return Task.CompletedTask;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count(command);
        return ValueTask.FromResult(result);
    }

    private void Count(DbCommand command)
    {
        if (_failAt > 0 && !_committed && command.Transaction is not null && IsWrite(command.CommandText) && ++_seen == _failAt)
        {
            Failed = true;
            throw new InvalidOperationException($"Injected failure at statement {_failAt}.");
        }
    }

    /// <summary>An INSERT, UPDATE or DELETE, after any leading tag comments.</summary>
    private static bool IsWrite(string sql)
    {
        var statement = string.Join('\n', sql.Split('\n').Where(line => !line.StartsWith("--", StringComparison.Ordinal))).TrimStart();
        return statement.StartsWith("DELETE", StringComparison.Ordinal)
            || statement.StartsWith("UPDATE", StringComparison.Ordinal)
            || statement.StartsWith("INSERT", StringComparison.Ordinal);
    }
}
