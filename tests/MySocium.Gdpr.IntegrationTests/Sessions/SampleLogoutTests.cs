using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using MySocium.Gdpr.IntegrationTests.Infrastructure;
using Npgsql;

namespace MySocium.Gdpr.IntegrationTests.Sessions;

/// <summary>POST /api/account/logout wipes the session: a copy of the old cookie no longer authenticates, on any instance.</summary>
public sealed class SampleLogoutTests(PostgresServer postgres)
{
    public const string AuthCookie = "MySocium.Sample.Session";
    private const string Password = "correct horse battery staple 42";

    [Fact]
    public async Task Logout_ThenTheOldCookie_Gets401FromTheApi_AndARedirectToLoginFromAPage()
    {
        await using var app = new SampleAppFactory();
        var jar = new CookieContainer();
        var browser = app.CreateHttpClient(jar);
        var otherDevice = app.CreateHttpClient();
        await RegisterAsync(browser, "adalovelace");
        await LogInAsync(browser, "adalovelace");
        await LogInAsync(otherDevice, "adalovelace");
        var replay = app.CreateHttpClient(AuthCookieFrom(jar, app.BaseAddress));
        (await replay.GetAsync("/api/account/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK, "a copy of the cookie works while the session lasts");

        var logout = await browser.PostAsync("/api/account/logout", null, TestContext.Current.CancellationToken);

        logout.StatusCode.Should().Be(HttpStatusCode.NoContent);
        logout.Headers.CacheControl!.NoStore.Should().BeTrue();
        logout.Headers.GetValues("Clear-Site-Data").Should().Equal("\"cache\", \"storage\"");
        (await browser.GetAsync("/api/account/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await replay.GetAsync("/api/account/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var page = await replay.GetAsync("/profile", TestContext.Current.CancellationToken);
        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.AbsolutePath.Should().Be("/login");
        (await otherDevice.GetAsync("/api/account/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK, "logging out ends this session, not the account's others");
    }

    [Fact]
    public async Task LogIn_AsAnotherAccountOverALiveSession_EndsThatSession_ForEveryCopyOfItsCookie()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SampleAppFactory();
        var jar = new CookieContainer();
        var browser = app.CreateHttpClient(jar);
        await SampleAccounts.RegisterAndLogInAsync(browser, "adaswitch", "ada.switch@example.test");
        await SampleAccounts.RegisterAndLogInAsync(app.CreateHttpClient(), "graceswitch", "grace.switch@example.test");
        var copy = app.CreateHttpClient(AuthCookieFrom(jar, app.BaseAddress));

        await SampleAccounts.LogInAsync(browser, "graceswitch");

        (await browser.GetFromJsonAsync<JsonElement>("/api/account/me", ct)).GetProperty("userName").GetString().Should().Be("graceswitch");
        (await copy.GetAsync("/api/account/me", ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the cookie of Ada's session is neither Ada's any more nor Grace's");
    }

    [Fact]
    public async Task PasswordChange_KeepsThisBrowserSignedIn_ButACopyOfItsCookieStopsWorking()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SampleAppFactory();
        var jar = new CookieContainer();
        var browser = app.CreateHttpClient(jar);
        await SampleAccounts.RegisterAndLogInAsync(browser, "adarotate", "ada.rotate@example.test");
        var stolen = app.CreateHttpClient(AuthCookieFrom(jar, app.BaseAddress));
        (await stolen.GetAsync("/api/account/me", ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        var change = await browser.PostAsJsonAsync("/api/account/password", new { currentPassword = SampleAccounts.Password, newPassword = "an even better passphrase 43" }, ct);

        change.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await browser.GetAsync("/api/account/me", ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await stolen.GetAsync("/api/account/me", ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the session moved to a new key");
    }

    [Fact]
    public async Task Logout_OnOneInstance_EndsTheSessionOnAnotherSharingThePostgresDatabase()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var rootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var first = new SampleAppFactory().WithPostgres(connectionString).WithSetting("Gdpr:Encryption:RootKey", rootKey);
        await using var second = new SampleAppFactory().WithPostgres(connectionString).WithSetting("Gdpr:Encryption:RootKey", rootKey);
        var jar = new CookieContainer();
        var onFirst = first.CreateHttpClient(jar);
        await RegisterAsync(onFirst, "gracehopper");
        await LogInAsync(onFirst, "gracehopper");
        var onSecond = second.CreateHttpClient(AuthCookieFrom(jar, first.BaseAddress, second.BaseAddress));
        (await onSecond.GetAsync("/api/account/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.OK, "both instances read the session from the shared database");

        (await onSecond.PostAsync("/api/account/logout", null, TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await onFirst.GetAsync("/api/account/me", TestContext.Current.CancellationToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM \"GdprAuthenticationTickets\"", connection);
        ((long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!).Should().Be(0);
        first.Logs.Entries.Concat(second.Logs.Entries).Should().NotContain(
            e => e.Category.StartsWith("MySocium.Gdpr.Sessions", StringComparison.Ordinal) && e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning,
            "the expired-ticket cleanup each instance ran at start works on PostgreSQL");
    }

    /// <summary>A copy of the authentication cookie <paramref name="jar"/> holds for <paramref name="from"/>, to send to <paramref name="to"/>.</summary>
    private static CookieContainer AuthCookieFrom(CookieContainer jar, Uri from, Uri? to = null)
    {
        var cookie = jar.GetCookies(from)[AuthCookie] ?? throw new InvalidOperationException($"The client holds no {AuthCookie} cookie.");
        var copy = new CookieContainer();
        copy.Add(to ?? from, new Cookie(cookie.Name, cookie.Value, "/"));
        return copy;
    }

    private static async Task RegisterAsync(HttpClient client, string userName)
    {
        var register = await client.PostAsJsonAsync(
            "/api/account/register",
            new { userName, email = $"{userName}@example.test", password = Password, displayName = userName },
            TestContext.Current.CancellationToken);
        register.StatusCode.Should().Be(HttpStatusCode.Created, await register.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static async Task LogInAsync(HttpClient client, string userName)
        => (await client.PostAsJsonAsync("/api/account/login", new { login = userName, password = Password }, TestContext.Current.CancellationToken))
            .StatusCode.Should().Be(HttpStatusCode.OK);
}
