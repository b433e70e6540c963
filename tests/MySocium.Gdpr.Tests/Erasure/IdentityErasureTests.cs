using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.Tests.Erasure;

/// <summary>The full ASP.NET Core Identity schema, with no annotation and no AddSubject call.</summary>
public sealed class IdentityErasureTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"mysocium-identity-erasure-{Guid.NewGuid():N}.db");
    private ServiceProvider _services = null!;

    public async ValueTask InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMySociumGdpr(o => o.Encryption.RootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .AddEntityFrameworkStores<IdentityContext>();
        services.AddDbContext<IdentityContext>((sp, o) => o.UseSqlite($"Data Source={_path};Pooling=False").UseMySociumGdpr(sp));
        services.AddIdentityCore<IdentityUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<IdentityContext>();
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
    public async Task Erase_IdentityUser_RemovesClaimsLoginsTokensAndRolesLinks_AndNothingOfOthers()
    {
        var ada = await CreateUserAsync("ada", "ada@example.org", "ada-google-key", "ada-refresh-token");
        var grace = await CreateUserAsync("grace", "grace@example.org", "grace-google-key", "grace-refresh-token");
        var eraser = _services.GetRequiredService<IPersonalDataEraser>();

        var plan = eraser.DescribePlan();
        var receipt = await eraser.EraseAsync(ada);

        plan.Should().Contain("delete IdentityUserClaim<string>").And.Contain("delete IdentityUserLogin<string>")
            .And.Contain("delete IdentityUserToken<string>").And.Contain("delete IdentityUserRole<string>").And.NotContain("delete IdentityRole ");
        receipt.Steps.Sum(s => s.Rows).Should().Be(5, "the user, a claim, a login, a token and a role link");
        await using (var scope = _services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            (await users.FindByIdAsync(ada)).Should().BeNull();
            var remaining = await users.FindByIdAsync(grace);
            (await users.GetClaimsAsync(remaining!)).Should().ContainSingle();
            (await users.GetLoginsAsync(remaining!)).Should().ContainSingle();
            (await users.GetRolesAsync(remaining!)).Should().Equal("member");
            (await users.GetAuthenticationTokenAsync(remaining!, "Google", "refresh")).Should().Be("grace-refresh-token");
        }

        SqliteConnection.ClearAllPools();
        var file = await File.ReadAllBytesAsync(_path);
        foreach (var value in new[] { ada, "ada-google-key", "ada-refresh-token", "ada-claim-value" })
        {
            file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)).Should().Be(-1, $"'{value}' was the erased user's");
        }

        file.AsSpan().IndexOf("grace-google-key"u8).Should().BeGreaterThan(-1, "the search sees what stays");
    }

    private async Task<string> CreateUserAsync(string name, string email, string loginKey, string token)
    {
        await using var scope = _services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync("member"))
        {
            (await roles.CreateAsync(new IdentityRole("member"))).Succeeded.Should().BeTrue();
        }

        var user = new IdentityUser { UserName = name, Email = email };
        (await users.CreateAsync(user, "Correct-Horse-1")).Succeeded.Should().BeTrue();
        (await users.AddClaimAsync(user, new Claim("nickname", $"{name}-claim-value"))).Succeeded.Should().BeTrue();
        (await users.AddLoginAsync(user, new UserLoginInfo("Google", loginKey, "Google"))).Succeeded.Should().BeTrue();
        (await users.SetAuthenticationTokenAsync(user, "Google", "refresh", token)).Succeeded.Should().BeTrue();
        (await users.AddToRoleAsync(user, "member")).Succeeded.Should().BeTrue();
        return user.Id;
    }

    public sealed class IdentityContext(DbContextOptions<IdentityContext> options) : IdentityDbContext<IdentityUser>(options);
}
