using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using MySocium.Gdpr.Erasure;

namespace MySocium.Gdpr.Tests.Sessions;

/// <summary>An ASP.NET Core Identity app gets stored tickets and the wipe without any code of its own.</summary>
public sealed class IdentitySessionTests : IAsyncLifetime
{
    private const string Password = "Correct-Horse-1";
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"mysocium-identity-sessions-{Guid.NewGuid():N}.db");
    private WebApplication _app = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddDbContext<IdentitySessionContext>((sp, o) => o.UseSqlite($"Data Source={_path};Pooling=False").UseMySociumGdpr(sp));
        builder.Services.AddMySociumGdpr(o => o.Encryption.RootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .AddEntityFrameworkStores<IdentitySessionContext>();
        builder.Services.AddIdentity<IdentityUser, IdentityRole>().AddEntityFrameworkStores<IdentitySessionContext>();
        _app = builder.Build();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IdentitySessionContext>().Database.EnsureCreatedAsync();
        }

        _app.UseAuthentication();
        _app.MapPost("/login", async (SignInManager<IdentityUser> signIn) =>
            (await signIn.PasswordSignInAsync("ada", Password, isPersistent: false, lockoutOnFailure: false)).Succeeded ? Results.NoContent() : Results.Unauthorized());
        _app.MapGet("/me", async (HttpContext context) =>
            (await context.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Principal?.Identity?.Name is { } name ? Results.Text(name) : Results.Unauthorized());
        _app.MapPost("/logout", (SignInManager<IdentityUser> signIn) => signIn.SignOutAsync());

        // As Identity's own change-password page does: change it, then refresh this browser's sign-in.
        _app.MapPost("/password", async (HttpContext context, UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn) =>
        {
            var user = await users.GetUserAsync((await context.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Principal!);
            (await users.ChangePasswordAsync(user!, Password, Password + "-2")).Succeeded.Should().BeTrue();
            await signIn.RefreshSignInAsync(user!);
        });
        await _app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Fact]
    public async Task SignInManagerSignOut_EndsTheStoredTicket_AndWipes()
    {
        await CreateAdaAsync();
        var cookie = await LogInAsync();
        (await SendAsync(HttpMethod.Get, "/me", cookie)).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);

        var logout = await SendAsync(HttpMethod.Post, "/logout", $"{cookie}; theme=dark");

        logout.Headers.GetValues("Clear-Site-Data").Should().Equal("\"cache\", \"storage\"");
        (await SendAsync(HttpMethod.Get, "/me", cookie)).StatusCode.Should().Be(System.Net.HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ErasingTheIdentityUser_EndsTheirSessions()
    {
        var ada = await CreateAdaAsync();
        var cookie = await LogInAsync();

        var receipt = await _app.Services.GetRequiredService<IPersonalDataEraser>().EraseAsync(ada.Id, TestContext.Current.CancellationToken);

        receipt.Participants.Should().ContainSingle(p => p.Name == "sessions").Which.Outcome.Should().Be("1 session ended");
        (await SendAsync(HttpMethod.Get, "/me", cookie)).StatusCode.Should().Be(System.Net.HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PasswordChangeWithRefreshSignIn_MovesTheSessionToANewKey_SoAStolenCopyOfTheCookieStops()
    {
        await CreateAdaAsync();
        var cookie = await LogInAsync();

        var change = await SendAsync(HttpMethod.Post, "/password", cookie);

        change.EnsureSuccessStatusCode();
        var renewed = SessionHost.SetCookies(change).Single(c => c.Name == ".AspNetCore.Identity.Application" && c.Value.Length > 0);
        (await SendAsync(HttpMethod.Get, "/me", $"{renewed.Name}={renewed.Value}")).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        (await SendAsync(HttpMethod.Get, "/me", cookie)).StatusCode.Should().Be(System.Net.HttpStatusCode.Unauthorized, "the security stamp changed: the session moved to a new key");
    }

    private async Task<IdentityUser> CreateAdaAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var user = new IdentityUser { UserName = "ada", Email = "ada@example.test" };
        (await scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>().CreateAsync(user, Password)).Succeeded.Should().BeTrue();
        return user;
    }

    private async Task<string> LogInAsync()
    {
        var response = await SendAsync(HttpMethod.Post, "/login");
        response.EnsureSuccessStatusCode();
        var cookie = SessionHost.SetCookies(response).Single(c => c.Name == ".AspNetCore.Identity.Application" && c.Value.Length > 0);
        return $"{cookie.Name}={cookie.Value}";
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? cookies = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (cookies is not null)
        {
            request.Headers.Add(HeaderNames.Cookie, cookies);
        }

        return _app.GetTestClient().SendAsync(request, TestContext.Current.CancellationToken);
    }

    public sealed class IdentitySessionContext(DbContextOptions<IdentitySessionContext> options) : IdentityDbContext<IdentityUser>(options);
}
