using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MySocium.Gdpr.FaultHost;

/// <summary>
/// Numbers the database events of the work under test (each command once it has run, each commit before
/// and after it lands) and, at the one the test chose (<c>--PauseAt N</c>), prints <c>PAUSED N what</c>
/// and stops still, for the test to kill the process there. Counts nothing until <see cref="Arm"/>.
/// </summary>
public sealed class PausePoint(int pauseAt) : DbCommandInterceptor, IDbTransactionInterceptor
{
    private int _events;
    private volatile bool _armed;

    /// <summary>Gets how many events the armed work has reached.</summary>
    public int Events => _events;

    /// <summary>Starts counting.</summary>
    public void Arm() => _armed = true;

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Reached("after " + Describe(command));
        return ValueTask.FromResult(result);
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Reached("after " + Describe(command));
        return ValueTask.FromResult(result);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Reached("after " + Describe(command));
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Reached("before a commit");
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Reached("after a commit");
        return Task.CompletedTask;
    }

    private void Reached(string what)
    {
        if (!_armed || Interlocked.Increment(ref _events) != pauseAt)
        {
            return;
        }

        Console.Out.WriteLine($"PAUSED {pauseAt} {what}");
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite);
    }

    private static string Describe(DbCommand command)
    {
        var sql = string.Join(' ', command.CommandText.Split('\n').Where(l => !l.StartsWith("--", StringComparison.Ordinal))).Trim();
        return sql.Length > 60 ? sql[..60] : sql;
    }
}
