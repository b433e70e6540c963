using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Keys;
using MySocium.Gdpr.Notifications;

namespace MySocium.Gdpr.Tests.Notifications;

/// <summary>With ASP.NET Core Identity, account-activity mail is queued without a line of host code.</summary>
public sealed class NotificationIdentityTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"mysocium-notify-identity-{Guid.NewGuid():N}.db");
    private ServiceProvider _services = null!;

    public async ValueTask InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<NotificationIdentityContext>((sp, o) => o.UseSqlite($"Data Source={_file};Pooling=False").UseMySociumGdpr(sp));
        services.AddMySociumGdpr(o => o.Encryption.RootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .AddEntityFrameworkStores<NotificationIdentityContext>();
        services.AddIdentityCore<IdentityUser>().AddEntityFrameworkStores<NotificationIdentityContext>();
        _services = services.BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NotificationIdentityContext>().Database.EnsureCreatedAsync();
        await _services.GetRequiredService<IGdprKeyRing>().LoadAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Fact]
    public async Task UserManager_CreateChangePasswordChangeEmail_QueueTheirMail()
    {
        await using var scope = _services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = new IdentityUser { UserName = "ada", Email = "ada@example.test" };

        (await users.CreateAsync(user, "Correct-horse-1")).Succeeded.Should().BeTrue();
        (await users.ChangePasswordAsync(user, "Correct-horse-1", "Battery-staple-2")).Succeeded.Should().BeTrue();
        (await users.SetEmailAsync(user, "ada@new.example.test")).Succeeded.Should().BeTrue();
        (await users.SetPhoneNumberAsync(user, "+44 20 7946 0000")).Succeeded.Should().BeTrue();

        var outbox = await scope.ServiceProvider.GetRequiredService<NotificationIdentityContext>().Set<GdprOutboxMessage>().AsNoTracking().OrderBy(m => m.Id).ToListAsync();
        outbox.Select(m => (m.Kind, m.To, m.ToName)).Should().BeEquivalentTo(
            [("AccountCreated", "ada@example.test", "ada"),
            ("PasswordChanged", "ada@example.test", "ada"),
            ("EmailChanged", "ada@new.example.test", "ada"),
            ("EmailChanged", "ada@example.test", "ada")]);
        outbox.Should().OnlyContain(m => m.SubjectHash != null, "erasing the user drops their queued mail");
    }
}

public sealed class NotificationIdentityContext(DbContextOptions<NotificationIdentityContext> options) : IdentityDbContext<IdentityUser>(options);
