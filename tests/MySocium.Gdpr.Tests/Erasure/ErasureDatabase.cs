using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.Tests.Erasure;

/// <summary>
/// A SQLite file with the erasure model and two accounts: Ada (whose data the tests erase or export)
/// and Grace, with rows of every shape around them, some referencing each other's.
/// </summary>
public sealed class ErasureDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ErasureDatabase(TimeProvider? time, Func<ExecutionStrategyDependencies, IExecutionStrategy>? executionStrategy, IInterceptor[] interceptors)
    {
        var services = new ServiceCollection();
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
    /// <param name="interceptors">Added to every context.</param>
    public static async Task<ErasureDatabase> CreateAsync(
        TimeProvider? time = null, Func<ExecutionStrategyDependencies, IExecutionStrategy>? executionStrategy = null, params IInterceptor[] interceptors)
    {
        var database = new ErasureDatabase(time, executionStrategy, interceptors);
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

    private Task SeedAsync() => WithContextAsync(async db =>
    {
        var ada = new Account { Id = Ada, Name = "Ada", Home = new Address { Street = "12 St James's Square" } };
        var grace = new Account { Id = Grace, Name = "Grace", InvitedById = Ada, Home = new Address { Street = "1 Navy Yard" } };
        db.Accounts.AddRange(ada, grace);
        db.Entry(ada).Reference(a => a.Home).TargetEntry!.Property(Address.Country).CurrentValue = "GB";
        db.Entry(grace).Reference(a => a.Home).TargetEntry!.Property(Address.Country).CurrentValue = "US";
        await db.SaveChangesAsync();

        var science = new Tag { Label = "science" };
        var adaPost = new Post { AuthorId = Ada, Text = "ada's post", Tags = { science } };
        var adaDraft = new Post { AuthorId = Ada, Text = "ada's deleted post", IsDeleted = true };
        var adaThird = new Post { AuthorId = Ada, Text = "ada's other post" };
        var gracePost = new Post { AuthorId = Grace, LastEditorId = Ada, Text = "grace's post", Tags = { science } };
        db.Posts.AddRange(adaPost, adaDraft, adaThird, gracePost);
        await db.SaveChangesAsync();

        var adaComment = new Comment { PostId = adaPost.Id, Text = "ada on ada" };
        db.Comments.Add(adaComment);
        await db.SaveChangesAsync();
        db.Comments.AddRange(
            new Comment { PostId = adaPost.Id, ReplyToId = adaComment.Id, Text = "grace on ada" },
            new Comment { PostId = gracePost.Id, ReplyToId = adaComment.Id, Text = "grace on grace" });
        ada.Orders.Add(new Order { ShippingName = "Ada L.", PlacedOn = new DateOnly(1843, 9, 5), Total = 12.50m, Parcel = { WeightGrams = 1200, Carrier = "Royal Mail" } });
        grace.Orders.Add(new Order { ShippingName = "Grace H.", PlacedOn = new DateOnly(1944, 8, 7), Total = 99.99m });
        var adaDog = new Dog { OwnerId = Ada, Name = "Ada's dog", Barks = true };
        db.Pets.AddRange(adaDog, new Cat { OwnerId = Ada, Name = "Ada's cat", Lives = 7 }, new Cat { OwnerId = Grace, Name = "Grace's cat" });
        db.Entry(adaDog).Property(Dog.Breed).CurrentValue = "Pointer";
        db.AuditEntries.AddRange(new AuditEntry { ActorId = Ada, What = "ada signed in" }, new AuditEntry { ActorId = Grace, What = "grace signed in" });
        await db.SaveChangesAsync();
    });
}
