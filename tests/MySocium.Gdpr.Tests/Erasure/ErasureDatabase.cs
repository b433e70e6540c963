using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.Tests.Erasure;

/// <summary>
/// A SQLite file with the erasure model, seeded with <see cref="ErasureScenario"/>: Ada (whose data
/// the tests erase or export) and Grace, with rows of every shape around them.
/// </summary>
public sealed class ErasureDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ErasureDatabase(
        TimeProvider? time, Func<ExecutionStrategyDependencies, IExecutionStrategy>? executionStrategy, Action<IServiceCollection>? configure, IInterceptor[] interceptors)
    {
        var services = new ServiceCollection();
        configure?.Invoke(services);
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddMySociumGdpr(o => o.Encryption.RootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .AddEntityFrameworkStores<ErasureContext>()
            .AddSubject<Account>();
        services.AddDbContext<ErasureContext>((sp, o) => o
            .UseSqlite($"Data Source={FilePath};Pooling=False", sqlite =>
            {
                if (executionStrategy is not null)
                {
                    sqlite.ExecutionStrategy(executionStrategy);
                }
            })
            .UseMySociumGdpr(sp)
            .AddInterceptors(interceptors));
        _services = services.BuildServiceProvider();
    }

    public string FilePath { get; } = Path.Combine(Path.GetTempPath(), $"mysocium-erasure-{Guid.NewGuid():N}.db");

    public Guid Ada { get; } = Guid.NewGuid();

    public Guid Grace { get; } = Guid.NewGuid();

    public IServiceProvider Services => _services;

    /// <summary>Creates the database and seeds it.</summary>
    /// <param name="time">The clock the library gets, if not the system's.</param>
    /// <param name="executionStrategy">The contexts' execution strategy, if not SQLite's default.</param>
    /// <param name="configure">Registers more services, such as erasure participants.</param>
    /// <param name="interceptors">Added to every context.</param>
    public static async Task<ErasureDatabase> CreateAsync(
        TimeProvider? time = null,
        Func<ExecutionStrategyDependencies, IExecutionStrategy>? executionStrategy = null,
        Action<IServiceCollection>? configure = null,
        params IInterceptor[] interceptors)
    {
        var database = new ErasureDatabase(time, executionStrategy, configure, interceptors);
        await database.WithContextAsync(db => db.Database.EnsureCreatedAsync());
        await database._services.GetRequiredService<IGdprKeyRing>().LoadAsync();
        await database.SeedAsync();
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(FilePath);
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

    private Task SeedAsync() => WithContextAsync(db => ErasureScenario.SeedAsync(db, Ada, Grace));
}
