using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.Keys;
using MySocium.Gdpr.Tests.Export;

namespace MySocium.Gdpr.Tests.Erasure;

/// <summary>
/// Erasure and export over the full ASP.NET Core Identity schema (users, claims, logins, tokens, roles), with
/// no annotation and no AddSubject call: Ada, whose data the tests erase or export, and Grace, each with a row
/// of every kind. Provider-neutral: a derived class names the database and reads back what it stores, so
/// SQLite and PostgreSQL run the same tests.
/// </summary>
public abstract class IdentityScenarioTests : IAsyncLifetime
{
    protected const string Role = "member";

    private ServiceProvider _services = null!;

    protected static IdentityPerson Ada { get; } = new("ada");

    protected static IdentityPerson Grace { get; } = new("grace");

    protected IServiceProvider Services => _services;

    protected string AdaId { get; private set; } = "";

    protected string GraceId { get; private set; } = "";

    public virtual async ValueTask InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMySociumGdpr(o => o.Encryption.RootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .AddEntityFrameworkStores<IdentityContext>();
        services.AddDbContext<IdentityContext>((sp, o) => UseDatabase(o).UseMySociumGdpr(sp));
        services.AddIdentityCore<IdentityUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<IdentityContext>();
        _services = services.BuildServiceProvider();
        await using (var scope = _services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityContext>();
            await db.Database.EnsureDeletedAsync();
            await db.Database.EnsureCreatedAsync();
        }

        await _services.GetRequiredService<IGdprKeyRing>().LoadAsync();
        AdaId = await CreateUserAsync(Ada);
        GraceId = await CreateUserAsync(Grace);
    }

    public virtual async ValueTask DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Erase_IdentityUser_RemovesClaimsLoginsTokensAndRolesLinks_AndNothingOfOthers()
    {
        var eraser = _services.GetRequiredService<IPersonalDataEraser>();

        var plan = eraser.DescribePlan();
        var receipt = await eraser.EraseAsync(AdaId);

        plan.Should().Contain("delete IdentityUserClaim<string>").And.Contain("delete IdentityUserLogin<string>")
            .And.Contain("delete IdentityUserToken<string>").And.Contain("delete IdentityUserRole<string>").And.NotContain("delete IdentityRole ");
        receipt.Steps.Sum(s => s.Rows).Should().Be(5, "the user, a claim, a login, a token and a role link");
        await using (var scope = _services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            (await users.FindByIdAsync(AdaId)).Should().BeNull();
            var remaining = await users.FindByIdAsync(GraceId);
            (await users.GetClaimsAsync(remaining!)).Should().ContainSingle();
            (await users.GetLoginsAsync(remaining!)).Should().ContainSingle();
            (await users.GetRolesAsync(remaining!)).Should().Equal(Role);
            (await users.GetAuthenticationTokenAsync(remaining!, "Google", "refresh")).Should().Be(Grace.Token);
        }

        var storage = await ReadStorageAsync();
        foreach (var value in Ada.Values(AdaId))
        {
            Holds(storage, Encoding.UTF8.GetBytes(value)).Should().BeFalse($"'{value}' was the erased user's");
        }

        Holds(storage, Encoding.UTF8.GetBytes(Grace.LoginKey)).Should().BeTrue("the search sees what stays");
    }

    [Fact]
    public async Task Export_IdentityUser_HoldsTheUserWithClaimsLoginsTokensAndRoleLinks_InTheClear_AndNothingOfOthers()
    {
        var preview = await _services.GetRequiredService<IPersonalDataEraser>().PreviewAsync(AdaId);

        using var export = await ExportDocument.ExportAsync(_services, AdaId);

        export.Manifest.GetProperty("subject").GetString().Should().Be("IdentityUser");
        var deletes = preview.Steps.Where(s => s.Action == ErasureAction.Delete).ToList();
        var entities = export.Entities.Where(e => e.GetProperty("name").GetString() is not ("ConsentRecords" or "MailOptIns" or "PolicyNotices")).ToList();
        entities.Select(e => e.GetProperty("path").GetString()).Should().BeEquivalentTo(deletes.Select(s => s.Path), "the export has what erasure deletes");
        foreach (var entity in entities)
        {
            export.Rows(entity.GetProperty("name").GetString()!).Should().ContainSingle($"Ada has one row of {entity.GetProperty("name")}");
        }

        var user = export.Rows("IdentityUser")[0];
        user.GetProperty("Id").GetString().Should().Be(AdaId);
        user.GetProperty("UserName").GetString().Should().Be(Ada.Name, "encrypted values are decrypted");
        user.GetProperty("NormalizedEmail").GetString().Should().Be(Ada.Email.ToUpperInvariant());
        export.Strings.Should().Contain([Ada.Email, Ada.ClaimValue, Ada.LoginKey]);
        foreach (var secret in (string[])["PasswordHash", "SecurityStamp", "ConcurrencyStamp"])
        {
            user.TryGetProperty(secret, out _).Should().BeFalse($"{secret} is a credential, not data to take elsewhere");
        }

        export.Rows("IdentityUserToken<string>")[0].TryGetProperty("Value", out _).Should().BeFalse("a token is a secret");
        export.Strings.Should().NotContain(Ada.Token);
        await using (var scope = _services.CreateAsyncScope())
        {
            var role = await scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>().FindByNameAsync(Role);
            export.Rows("IdentityUserRole<string>")[0].GetProperty("RoleId").GetString().Should().Be(role!.Id);
        }

        export.Strings.Should().NotContain(Grace.Values(GraceId)).And.NotContain(Grace.Name);
    }

    /// <summary>Points the context at the test's database.</summary>
    protected abstract DbContextOptionsBuilder UseDatabase(DbContextOptionsBuilder options);

    /// <summary>What the database stores, as someone reading its storage would see it: byte strings to search for values.</summary>
    protected abstract Task<IReadOnlyList<byte[]>> ReadStorageAsync();

    protected static bool Holds(IEnumerable<byte[]> storage, byte[] value) => storage.Any(stored => stored.AsSpan().IndexOf(value) >= 0);

    private async Task<string> CreateUserAsync(IdentityPerson person)
    {
        await using var scope = _services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(Role))
        {
            (await roles.CreateAsync(new IdentityRole(Role))).Succeeded.Should().BeTrue();
        }

        var user = new IdentityUser { UserName = person.Name, Email = person.Email };
        (await users.CreateAsync(user, "Correct-Horse-1")).Succeeded.Should().BeTrue();
        (await users.AddClaimAsync(user, new Claim("nickname", person.ClaimValue))).Succeeded.Should().BeTrue();
        (await users.AddLoginAsync(user, new UserLoginInfo("Google", person.LoginKey, "Google"))).Succeeded.Should().BeTrue();
        (await users.SetAuthenticationTokenAsync(user, "Google", "refresh", person.Token)).Succeeded.Should().BeTrue();
        (await users.AddToRoleAsync(user, Role)).Succeeded.Should().BeTrue();
        return user.Id;
    }
}

/// <summary>A user of the Identity scenario, and the values that are theirs alone.</summary>
/// <param name="Name">The user name.</param>
public sealed record IdentityPerson(string Name)
{
    public string Email => $"{Name}@example.org";

    public string ClaimValue => $"{Name}-claim-value";

    public string LoginKey => $"{Name}-google-key";

    public string Token => $"{Name}-refresh-token";

    /// <summary>The user's values long enough not to turn up by chance inside a ciphertext or a hash.</summary>
    public IEnumerable<string> Values(string id) => [id, Email, Email.ToUpperInvariant(), ClaimValue, LoginKey, Token];
}

public sealed class IdentityContext(DbContextOptions<IdentityContext> options) : IdentityDbContext<IdentityUser>(options);
