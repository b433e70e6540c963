using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Sample.Data;

/// <summary>Creates the sample's schema when the app starts.</summary>
public static partial class DatabaseInitializer
{
    /// <summary>
    /// Creates the database and its tables unless they exist (for SQLite, also the file's directory).
    /// </summary>
    /// <param name="services">The application's root services.</param>
    /// <param name="cancellationToken">Stops the work.</param>
    /// <returns>A task that completes when the schema is in place.</returns>
    public static async Task EnsureDatabaseCreatedAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var provider = options.GetProvider();
        if (provider == DatabaseProvider.Sqlite)
        {
            CreateSqliteDirectory(options.ConnectionString!);
        }

        var created = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.EnsureCreatedAsync(cancellationToken);
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));
        if (created)
        {
            LogSchemaCreated(logger, provider);
        }
        else
        {
            LogSchemaFound(logger, provider);
        }
    }

    private static void CreateSqliteDirectory(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:")
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Created the sample's database schema on {Provider}")]
    private static partial void LogSchemaCreated(ILogger logger, DatabaseProvider provider);

    // EnsureCreated never alters existing tables, so say so: after a model change the development database must go.
    [LoggerMessage(2, LogLevel.Information, "Found the sample's database schema on {Provider}; it is used as it is, so delete the database after a model change")]
    private static partial void LogSchemaFound(ILogger logger, DatabaseProvider provider);
}
