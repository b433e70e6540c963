using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MySocium.Gdpr.Tests.Erasure;

/// <summary>Fails the n-th statement of an erasure, as a crash or a constraint half-way through would.</summary>
public sealed class FailingStatement : DbCommandInterceptor
{
    private int _failAt;
    private int _seen;

    public void FailAt(int statement)
    {
        _failAt = statement;
        _seen = 0;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (_failAt > 0 && IsWrite(command.CommandText) && ++_seen == _failAt)
        {
            throw new InvalidOperationException($"Injected failure at statement {_failAt}.");
        }

        return ValueTask.FromResult(result);
    }

    /// <summary>An UPDATE or DELETE, after any leading tag comments.</summary>
    private static bool IsWrite(string sql)
    {
        var statement = string.Join('\n', sql.Split('\n').Where(line => !line.StartsWith("--", StringComparison.Ordinal))).TrimStart();
        return statement.StartsWith("DELETE", StringComparison.Ordinal) || statement.StartsWith("UPDATE", StringComparison.Ordinal);
    }
}
