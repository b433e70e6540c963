using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.IntegrationTests.Infrastructure;
using MySocium.Gdpr.Keys;
using MySocium.Gdpr.Tests.Erasure;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace MySocium.Gdpr.IntegrationTests.Erasure;

/// <summary>
/// The erasure model on the running test class's PostgreSQL database, created afresh and seeded with
/// <see cref="ErasureScenario"/>: Ada (whose data the tests erase or export) and Grace. The PostgreSQL
/// counterpart of the fast tests' SQLite <c>ErasureDatabase</c>.
/// </summary>
public sealed class PostgresErasureDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private PostgresErasureDatabase(string connectionString, Action<NpgsqlDbContextOptionsBuilder>? npgsql, IInterceptor[] interceptors)
    {
        ConnectionString = connectionString;
        var services = new ServiceCollection();
        services.AddMySociumGdpr(o => o.Encryption.RootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .AddEntityFrameworkStores<ErasureContext>()
            .AddSubject<Account>();
        services.AddDbContext<ErasureContext>((sp, o) => o.UseNpgsql(connectionString, npgsql).UseMySociumGdpr(sp).AddInterceptors(interceptors));
        _services = services.BuildServiceProvider();
    }

    public string ConnectionString { get; }

    public Guid Ada { get; } = Guid.NewGuid();

    public Guid Grace { get; } = Guid.NewGuid();

    public IServiceProvider Services => _services;

    public IPersonalDataEraser Eraser => _services.GetRequiredService<IPersonalDataEraser>();

    /// <summary>Drops and recreates the test class's database, and seeds it.</summary>
    /// <param name="postgres">The server.</param>
    /// <param name="npgsql">Configures the provider, such as its execution strategy.</param>
    /// <param name="interceptors">Added to every context.</param>
    public static async Task<PostgresErasureDatabase> CreateAsync(
        PostgresServer postgres, Action<NpgsqlDbContextOptionsBuilder>? npgsql = null, params IInterceptor[] interceptors)
    {
        var database = new PostgresErasureDatabase(await postgres.CreateDatabaseAsync(), npgsql, interceptors);
        await database.WithContextAsync(async db =>
        {
            await db.Database.EnsureDeletedAsync();
            await db.Database.EnsureCreatedAsync();
        });
        await database._services.GetRequiredService<IGdprKeyRing>().LoadAsync();
        await database.WithContextAsync(db => ErasureScenario.SeedAsync(db, database.Ada, database.Grace));
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
    }

    public async Task<T> WithContextAsync<T>(Func<ErasureContext, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ErasureContext>());
    }

    public Task WithContextAsync(Func<ErasureContext, Task> action) => WithContextAsync(async db =>
    {
        await action(db);
        return true;
    });

    /// <summary>Every row of every table as text (bytea as hex), as someone reading the database would see it.</summary>
    public async Task<string> AllRowsAsTextAsync()
    {
        var text = new StringBuilder();
        foreach (var table in await QueryAsync("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", r => r.GetString(0)))
        {
            text.AppendJoin("", await QueryAsync($"SELECT t::text FROM \"{table}\" t", r => r.GetString(0)));
        }

        return text.ToString();
    }

    /// <summary>The primary key of every row of every table, by table: the key's columns joined by <c>|</c>, as PostgreSQL writes them as text.</summary>
    public async Task<Dictionary<string, HashSet<string>>> PrimaryKeysAsync()
    {
        var keys = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (table, columns) in await PrimaryKeyColumnsAsync())
        {
            var key = string.Join(", ", columns.Select(c => $"\"{c}\"::text"));
            keys[table] = [.. await QueryAsync($"SELECT concat_ws('|', {key}) FROM \"{table}\"", r => r.GetString(0))];
        }

        return keys;
    }

    /// <summary>Each table's primary-key columns, in key order.</summary>
    public async Task<Dictionary<string, List<string>>> PrimaryKeyColumnsAsync()
    {
        const string Sql = """
            SELECT tc.table_name, kcu.column_name
            FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage kcu
              ON kcu.constraint_schema = tc.constraint_schema AND kcu.constraint_name = tc.constraint_name
            WHERE tc.table_schema = 'public' AND tc.constraint_type = 'PRIMARY KEY'
            ORDER BY tc.table_name, kcu.ordinal_position
            """;
        return (await QueryAsync(Sql, r => (Table: r.GetString(0), Column: r.GetString(1))))
            .GroupBy(c => c.Table, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => c.Column).ToList(), StringComparer.Ordinal);
    }

    private async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
