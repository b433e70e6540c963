using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MySocium.Gdpr.EntityFrameworkCore;

/// <summary>
/// Turns on SQLite's <c>secure_delete</c> for every connection a GDPR-aware context opens, so
/// deleted rows and the old content of updated ones are overwritten with zeros instead of lingering
/// in free pages of the database file.
/// </summary>
internal sealed class SqliteSecureDeleteInterceptor : DbConnectionInterceptor
{
    private const string SqliteConnectionType = "Microsoft.Data.Sqlite.SqliteConnection";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsSqlite(connection))
        {
            using var command = SecureDelete(connection);
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsSqlite(connection))
        {
            await using var command = SecureDelete(connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static bool IsSqlite(DbConnection connection) => connection.GetType().FullName == SqliteConnectionType;

    private static DbCommand SecureDelete(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = "PRAGMA secure_delete = ON";
        return command;
    }
}
