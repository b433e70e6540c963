using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.Tests.Encryption;

/// <summary>An ASP.NET Core Identity app is covered without annotating anything.</summary>
public sealed class IdentityEncryptionTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"mysocium-identity-{Guid.NewGuid():N}.db");
    private ServiceProvider _services = null!;

    public async ValueTask InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMySociumGdpr(o => o.Encryption.RootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .AddEntityFrameworkStores<IdentityContext>();
        services.AddDbContext<IdentityContext>((sp, o) => o.UseSqlite($"Data Source={_path};Pooling=False").UseMySociumGdpr(sp));
        services.AddIdentityCore<IdentityUser>().AddEntityFrameworkStores<IdentityContext>();
        _services = services.BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IdentityContext>().Database.EnsureCreatedAsync();
        await _services.GetRequiredService<IGdprKeyRing>().LoadAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Fact]
    public async Task UserManager_CreatesAndFindsUsersByNameAndEmail()
    {
        await using (var scope = _services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var created = await users.CreateAsync(new IdentityUser { UserName = "ada", Email = "Ada@Example.org", PhoneNumber = "+44 20 7946 0000" }, "Correct-Horse-1");
            created.Succeeded.Should().BeTrue(string.Join(", ", created.Errors.Select(e => e.Description)));
        }

        await using (var scope = _services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var byName = await users.FindByNameAsync("ADA");
            var byEmail = await users.FindByEmailAsync("ada@example.org");

            byName!.Email.Should().Be("Ada@Example.org");
            byEmail!.UserName.Should().Be("ada");
            byEmail.PhoneNumber.Should().Be("+44 20 7946 0000");
            (await users.CheckPasswordAsync(byEmail, "Correct-Horse-1")).Should().BeTrue();
            (await users.CreateAsync(new IdentityUser { UserName = "Ada", Email = "other@example.org" }, "Correct-Horse-1")).Succeeded.Should().BeFalse("user names stay unique through the blind index");
        }

        SqliteConnection.ClearAllPools();
        var file = await File.ReadAllBytesAsync(_path);
        foreach (var secret in new[] { "Ada@Example.org", "ADA@EXAMPLE.ORG", "7946", "ADA" })
        {
            file.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(secret)).Should().Be(-1, $"'{secret}' is encrypted");
        }
    }

    [Fact]
    public void Model_EncryptsIdentitysProtectedAndNormalizedColumns()
    {
        using var scope = _services.CreateScope();
        var user = scope.ServiceProvider.GetRequiredService<IdentityContext>().Model.FindEntityType(typeof(IdentityUser))!;

        var encrypted = user.GetProperties().Where(p => p.FindAnnotation("MySocium.Gdpr:Encrypted") is not null).Select(p => p.Name);

        encrypted.Should().BeEquivalentTo("UserName", "NormalizedUserName", "Email", "NormalizedEmail", "PhoneNumber");
        user.FindProperty("NormalizedUserName_BlindIndex")!.GetContainingIndexes().Should().ContainSingle().Which.IsUnique.Should().BeTrue();
    }

    public sealed class IdentityContext(DbContextOptions<IdentityContext> options) : IdentityDbContext<IdentityUser>(options);
}
