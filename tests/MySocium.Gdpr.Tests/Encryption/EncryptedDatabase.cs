using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.Tests.Encryption;

/// <summary>
/// An application container over a SQLite database file, with the library's keys loaded: what a
/// host has after it starts. Several instances may share one file, as app instances share a database.
/// </summary>
public sealed class EncryptedDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private EncryptedDatabase(ServiceProvider services, string path, string? rootKey)
    {
        _services = services;
        Path = path;
        RootKey = rootKey;
    }

    public string Path { get; }

    public string? RootKey { get; }

    /// <summary>Gets or sets whether disposing leaves the database file, for a later start to open.</summary>
    public bool KeepFile { get; set; }

    public string ConnectionString => $"Data Source={Path};Pooling=False";

    public IServiceProvider Services => _services;

    public IGdprKeyRing Keys => _services.GetRequiredService<IGdprKeyRing>();

    public static string NewRootKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static async Task<EncryptedDatabase> CreateAsync(string? rootKey = null, string? path = null, Action<GdprOptions>? configure = null)
    {
        path ??= System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mysocium-gdpr-{Guid.NewGuid():N}.db");
        var database = Build(rootKey ?? NewRootKey(), path, configure);
        await using (var scope = database._services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EncryptedContext>().Database.EnsureCreatedAsync();
        }

        await database.Keys.LoadAsync();
        return database;
    }

    public static EncryptedDatabase Build(
        string? rootKey,
        string path,
        Action<GdprOptions>? configure = null,
        Action<IServiceCollection, IGdprBuilder>? configureServices = null,
        Action<DbContextOptionsBuilder>? configureContext = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var gdpr = services.AddMySociumGdpr(o =>
        {
            o.Encryption.RootKey = rootKey;
            configure?.Invoke(o);
        }).AddEntityFrameworkStores<EncryptedContext>();
        configureServices?.Invoke(services, gdpr);
        services.AddDbContext<EncryptedContext>((sp, o) =>
        {
            o.UseSqlite($"Data Source={path};Pooling=False").UseMySociumGdpr(sp);
            configureContext?.Invoke(o);
        });
        return new EncryptedDatabase(services.BuildServiceProvider(validateScopes: true), path, rootKey);
    }

    public async Task<T> WithContextAsync<T>(Func<EncryptedContext, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<EncryptedContext>());
    }

    public Task WithContextAsync(Func<EncryptedContext, Task> action)
        => WithContextAsync(async db =>
        {
            await action(db);
            return true;
        });

    /// <summary>Runs SQL straight on the file, past the converters, as an attacker with the file would.</summary>
    public async Task<object?> RawScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (KeepFile)
        {
            return;
        }

        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm", Path + "-journal" })
        {
            File.Delete(file);
        }
    }
}
