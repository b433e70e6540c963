using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MySocium.Gdpr.Keys;
using MySocium.Gdpr.Notifications;

namespace MySocium.Gdpr.Tests.Notifications;

/// <summary>
/// An app instance with the notification feature: <see cref="Member"/> as the subject, its store on
/// SQLite (a temporary file) unless told otherwise. Not started by default, so no background service
/// races the test: tests drive delivery and notices themselves. Instances built on the same database
/// and root key share outbox, keys and policy versions, as app instances do.
/// </summary>
public sealed class NotificationHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _ownedFile;

    private NotificationHost(WebApplication app, string rootKey, string? ownedFile)
    {
        _app = app;
        RootKey = rootKey;
        _ownedFile = ownedFile;
    }

    public string RootKey { get; }

    public IServiceProvider Services => _app.Services;

    public IGdprNotifier Notifier => Services.GetRequiredService<IGdprNotifier>();

    public IGdprPolicyVersions Policies => Services.GetRequiredService<IGdprPolicyVersions>();

    internal OutboxDelivery Delivery => Services.GetRequiredService<OutboxDelivery>();

    /// <summary>Builds an instance (and with <paramref name="start"/>, starts it on a test server).</summary>
    /// <param name="database">Configures the store's provider; a new SQLite file when null.</param>
    /// <param name="configure">Sets the library's options after the defaults here.</param>
    /// <param name="time">The clock the library gets.</param>
    /// <param name="services">Registers more services.</param>
    /// <param name="rootKey">The root key, to share keys with another instance.</param>
    /// <param name="start">Starts the host, with its background services and endpoints.</param>
    /// <param name="createDatabase">Creates the schema (dropping an existing one first).</param>
    public static async Task<NotificationHost> CreateAsync(
        Action<DbContextOptionsBuilder>? database = null,
        Action<GdprOptions>? configure = null,
        TimeProvider? time = null,
        Action<IServiceCollection>? services = null,
        string? rootKey = null,
        bool start = false,
        bool createDatabase = true)
    {
        rootKey ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        string? file = null;
        if (database is null)
        {
            file = Path.Combine(Path.GetTempPath(), $"mysocium-notify-{Guid.NewGuid():N}.db");
            database = o => o.UseSqlite($"Data Source={file};Pooling=False");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        services?.Invoke(builder.Services);
        builder.Services.AddDbContext<NotificationContext>((sp, o) => database(o.UseMySociumGdpr(sp)));
        builder.Services.AddMySociumGdpr(o =>
        {
            o.Encryption.RootKey = rootKey;
            o.Notifications.BaseUrl = new Uri("https://app.example.test");
            o.Notifications.ServiceName = "Example";
            o.Notifications.RetryDelay = TimeSpan.FromMinutes(1);
            o.Notifications.MaxRetryDelay = TimeSpan.FromMinutes(10);
            o.Notifications.PolicyNoticeBatchSize = 2;
            configure?.Invoke(o);
        }).AddEntityFrameworkStores<NotificationContext>().AddSubject<Member>();

        var app = builder.Build();
        var host = new NotificationHost(app, rootKey, file);
        if (createDatabase)
        {
            await host.WithContextAsync(async db =>
            {
                await db.Database.EnsureDeletedAsync();
                await db.Database.EnsureCreatedAsync();
            });
        }

        await app.Services.GetRequiredService<IGdprKeyRing>().LoadAsync();
        if (start)
        {
            app.MapMySociumGdpr();
            await app.StartAsync();
        }

        return host;
    }

    /// <summary>A client of the started host's test server.</summary>
    public HttpClient CreateClient() => _app.GetTestClient();

    public async Task<Guid> AddMemberAsync(string email, string name)
    {
        var member = new Member { Id = Guid.CreateVersion7(), Email = email, DisplayName = name };
        await WithContextAsync(async db =>
        {
            db.Members.Add(member);
            await db.SaveChangesAsync();
        });
        return member.Id;
    }

    /// <summary>The outbox as the library stores it (decrypted), oldest first.</summary>
    internal Task<List<GdprOutboxMessage>> OutboxAsync()
        => WithContextAsync(db => db.Set<GdprOutboxMessage>().AsNoTracking().OrderBy(m => m.Id).ToListAsync());

    public async Task<T> WithContextAsync<T>(Func<NotificationContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<NotificationContext>());
    }

    public Task WithContextAsync(Func<NotificationContext, Task> action) => WithContextAsync(async db =>
    {
        await action(db);
        return true;
    });

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        if (_ownedFile is not null)
        {
            SqliteConnection.ClearAllPools();
            File.Delete(_ownedFile);
        }
    }
}

/// <summary>The host's context: its members, and the library's state.</summary>
public sealed class NotificationContext(DbContextOptions<NotificationContext> options) : DbContext(options)
{
    public DbSet<Member> Members => Set<Member>();
}

/// <summary>The subject: an address to mail, encrypted and searchable.</summary>
public sealed class Member
{
    public Guid Id { get; set; }

    [PersonalData(Searchable = true, Normalize = Normalization.Email)]
    public string Email { get; set; } = "";

    [PersonalData(Encrypt = false)]
    public string DisplayName { get; set; } = "";
}

/// <summary>Keeps what it is asked to send; fails while <see cref="Failure"/> is set.</summary>
public sealed class RecordingSender : IGdprNotificationSender
{
    private readonly List<GdprMailMessage> _sent = [];

    public Exception? Failure { get; set; }

    public int Attempts { get; private set; }

    public IReadOnlyList<GdprMailMessage> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public Task SendAsync(GdprMailMessage message, CancellationToken cancellationToken)
    {
        lock (_sent)
        {
            Attempts++;
            if (Failure is { } failure)
            {
                throw failure;
            }

            _sent.Add(message);
        }

        return Task.CompletedTask;
    }
}
