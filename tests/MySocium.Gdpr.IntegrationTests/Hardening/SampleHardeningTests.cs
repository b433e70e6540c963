using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.IntegrationTests.Infrastructure;
using MySocium.Gdpr.Notifications;
using MySocium.Gdpr.Sample.Data;

namespace MySocium.Gdpr.IntegrationTests.Hardening;

/// <summary>
/// What a visitor can reach, tried as an attacker would: a failed request changes nothing, answers
/// with a bounded explanation, and every response carries the headers a security review expects.
/// </summary>
public sealed class SampleHardeningTests
{
    private const int BoundedLength = 2_000;

    [Theory]
    [InlineData("\"a\\tb\"@example.com")]
    [InlineData("\"a\\u0001b\"@example.com")]
    [InlineData("\"a\\u007Fb\"@example.com")]
    [InlineData("\"a\\u0085b\"@example.com")]
    public async Task Register_WithAControlCharacterInTheAddress_Is400_AndCreatesNothing(string jsonEmail)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SampleAppFactory();
        var client = app.CreateHttpClient();
        var email = JsonSerializer.Deserialize<string>("\"" + jsonEmail.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")!;

        var response = await client.PostAsJsonAsync("/api/account/register", Registration("ctrl", email), ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorsOf(response)).Should().ContainKey("email");
        (await CountAsync(app)).Should().Be((0, 0), "neither an account nor a notice exists");
        (await client.PostAsJsonAsync("/api/account/login", new { login = "ctrl", password = SampleAccounts.Password }, ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    // EF writes the outbox row before the user's: failing the user's insert shows the notice goes with it,
    // failing the notice's shows no account is made without it.
    [Theory]
    [InlineData("GdprOutbox")]
    [InlineData("Users")]
    public async Task Register_WhenTheAccountOrItsNoticeCannotBeWritten_CreatesNeither(string table)
    {
        var ct = TestContext.Current.CancellationToken;
        var failing = new FailInsert(table);
        await using var app = new SampleAppFactory().WithServices(s => s.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(failing)));
        var client = app.CreateHttpClient();

        var response = await client.PostAsJsonAsync("/api/account/register", Registration("adafault", "ada.fault@example.test"), ct);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        failing.Failed.Should().BeTrue();
        (await CountAsync(app)).Should().Be((0, 0));
        failing.Enabled = false;
        (await client.PostAsJsonAsync("/api/account/register", Registration("adafault", "ada.fault@example.test"), ct)).StatusCode.Should().Be(HttpStatusCode.Created, "nothing of the failed attempt holds the name or address");
        (await CountAsync(app)).Should().Be((1, 1));
    }

    [Fact]
    public async Task Register_WithAKnownAddress_AnswersAsForANewOne_AndMailsTheOwnerInstead()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SampleAppFactory();
        var client = app.CreateHttpClient();
        var first = await client.PostAsJsonAsync("/api/account/register", Registration("ownerada", "u@example.com"), ct);
        first.StatusCode.Should().Be(HttpStatusCode.Created);
        var fields = (await first.Content.ReadFromJsonAsync<JsonElement>(ct)).EnumerateObject().Select(p => p.Name).ToList();

        foreach (var (userName, email) in new[] { ("otherada", "u@example.com"), ("dotada", "u@example.com."), ("caseada", " U@Example.COM. ") })
        {
            var again = await client.PostAsJsonAsync("/api/account/register", Registration(userName, email), ct);

            again.StatusCode.Should().Be(HttpStatusCode.Created, "the answer must not tell that {0} has an account", email);
            (await again.Content.ReadFromJsonAsync<JsonElement>(ct)).EnumerateObject().Select(p => p.Name).Should().Equal(fields);
            (await client.PostAsJsonAsync("/api/account/login", new { login = userName, password = SampleAccounts.Password }, ct)).StatusCode
                .Should().Be(HttpStatusCode.Unauthorized, "no second account exists");
        }

        (await CountAsync(app)).Accounts.Should().Be(1);
        await using var scope = app.Services.CreateAsyncScope();
        var kinds = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<GdprOutboxMessage>().Select(m => new { m.Kind, m.To }).ToListAsync(ct);
        kinds.Should().BeEquivalentTo(
            [
                new { Kind = "AccountCreated", To = "u@example.com" },
                new { Kind = "RegistrationAttempted", To = "u@example.com" },
                new { Kind = "RegistrationAttempted", To = "u@example.com" },
                new { Kind = "RegistrationAttempted", To = "u@example.com" },
            ]);
        (await client.PostAsJsonAsync("/api/account/login", new { login = "U@example.com.", password = SampleAccounts.Password }, ct)).StatusCode
            .Should().Be(HttpStatusCode.OK, "the address logs in however it is written");
    }

    [Theory]
    [InlineData("\u202Eevil")]
    [InlineData("Ada\u2066gro\u2069")]
    [InlineData("Ada\u200Fx")]
    [InlineData("Ada\u2028Admin")]
    [InlineData("Ada\u2029Admin")]
    public async Task Register_WithABidiControlOrLineSeparatorInTheDisplayName_Is400_AndCreatesNothing(string displayName)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SampleAppFactory();

        var response = await app.CreateHttpClient().PostAsJsonAsync(
            "/api/account/register", new { userName = "bidiada", email = "bidi@example.test", password = SampleAccounts.Password, displayName }, ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorsOf(response)).Should().ContainKey("displayName");
        (await CountAsync(app)).Should().Be((0, 0));
    }

    [Fact]
    public async Task CrossSitePosts_AreRefused_AndChangeNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SampleAppFactory();
        var client = app.CreateHttpClient();
        await SampleAccounts.RegisterAndLogInAsync(client, "adacsrf", "ada.csrf@example.test");

        foreach (var (header, value) in new[] { ("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Site", "same-site"), ("Origin", "https://evil.example"), ("Origin", "null") })
        {
            var logout = new HttpRequestMessage(HttpMethod.Post, "/api/account/logout") { Content = new FormUrlEncodedContent([]) };
            logout.Headers.Add(header, value);
            var refused = await client.SendAsync(logout, ct);

            refused.StatusCode.Should().Be(HttpStatusCode.Forbidden, "{0}: {1} marks the logout as another site's", header, value);
            refused.Headers.Contains("Clear-Site-Data").Should().BeFalse();
            (await refused.Content.ReadAsStringAsync(ct)).Length.Should().BeLessThan(BoundedLength);

            var post = new HttpRequestMessage(HttpMethod.Post, "/api/posts") { Content = JsonContent.Create(new { text = "forged" }) };
            post.Headers.Add(header, value);
            (await client.SendAsync(post, ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

            var consent = new HttpRequestMessage(HttpMethod.Post, "/gdpr/consent") { Content = JsonContent.Create(new { categories = new[] { "analytics" } }) };
            consent.Headers.Add(header, value);
            (await client.SendAsync(consent, ct)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        (await client.GetAsync("/api/account/me", ct)).StatusCode.Should().Be(HttpStatusCode.OK, "the session survived every forged logout");
        (await client.GetFromJsonAsync<JsonElement>("/api/posts", ct)).GetArrayLength().Should().Be(0);
        (await client.GetFromJsonAsync<JsonElement>("/gdpr/consent", ct)).GetProperty("status").GetString().Should().Be("undecided");

        var sameOrigin = new HttpRequestMessage(HttpMethod.Post, "/api/account/logout");
        sameOrigin.Headers.Add("Sec-Fetch-Site", "same-origin");
        sameOrigin.Headers.Add("Origin", app.BaseAddress.GetLeftPart(UriPartial.Authority));
        (await client.SendAsync(sameOrigin, ct)).StatusCode.Should().Be(HttpStatusCode.NoContent, "the site's own pages still log out");
    }

    [Fact]
    public async Task Consent_WithAHugeUnknownCategory_Is400_WithABoundedAnswerThatDoesNotQuoteIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SampleAppFactory();
        var huge = new string('x', 5 * 1024 * 1024);

        var response = await app.CreateHttpClient().PostAsJsonAsync("/gdpr/consent", new { categories = new[] { huge } }, ct);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync(ct);
        body.Length.Should().BeLessThan(BoundedLength);
        body.Should().NotContain("xxxxxxxx").And.Contain("not a consent category");
    }

    [Fact]
    public async Task EveryResponseClass_CarriesTheSecurityHeaders()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SampleAppFactory();
        var client = app.CreateHttpClient();
        var anonymous = app.CreateHttpClient();
        await SampleAccounts.RegisterAndLogInAsync(client, "adaheaders", "ada.headers@example.test");
        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["home page"] = await anonymous.GetAsync("/", ct),
            ["privacy page"] = await anonymous.GetAsync("/privacy", ct),
            ["redirect to login"] = await anonymous.GetAsync("/profile", ct),
            ["static file"] = await anonymous.GetAsync("/favicon.svg", ct),
            ["not found"] = await anonymous.GetAsync("/no-such-page", ct),
            ["API 401"] = await anonymous.GetAsync("/api/account/me", ct),
            ["API 400"] = await anonymous.PostAsJsonAsync("/api/account/login", new { }, ct),
            ["profile"] = await client.GetAsync("/api/account/me", ct),
            ["posts"] = await client.GetAsync("/api/posts", ct),
            ["library endpoint"] = await anonymous.GetAsync("/gdpr/consent", ct),
            ["library script"] = await anonymous.GetAsync("/gdpr/consent.js", ct),
        };

        foreach (var (what, response) in responses)
        {
            Header(response, "X-Content-Type-Options", what).Should().Be("nosniff");
            Header(response, "Content-Security-Policy", what).Should().Contain("frame-ancestors 'none'").And.Contain("script-src 'self'").And.NotContain("unsafe-inline");
            Header(response, "X-Frame-Options", what).Should().Be("DENY");
        }

        foreach (var what in new[] { "API 401", "API 400", "profile", "posts", "library endpoint" })
        {
            responses[what].Headers.CacheControl!.NoStore.Should().BeTrue(what);
        }

        responses["home page"].StatusCode.Should().Be(HttpStatusCode.OK);
        responses["profile"].StatusCode.Should().Be(HttpStatusCode.OK);
        responses["posts"].StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AServerError_CarriesTheSecurityHeaders()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SampleAppFactory().WithServices(s => s.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(new FailInsert("GdprOutbox"))));

        var response = await app.CreateHttpClient().PostAsJsonAsync("/api/account/register", Registration("adaerror", "ada.error@example.test"), ct);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.Contains("Content-Security-Policy").Should().BeTrue();
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        (await response.Content.ReadAsStringAsync(ct)).Length.Should().BeLessThan(BoundedLength);
    }

    private static string Header(HttpResponseMessage response, string name, string what)
    {
        response.Headers.TryGetValues(name, out var values).Should().BeTrue("the {0} response must carry {1}", what, name);
        return values.Should().ContainSingle().Subject;
    }

    private static object Registration(string userName, string email)
        => new { userName, email, password = SampleAccounts.Password, displayName = userName.ToUpperInvariant() };

    private static async Task<Dictionary<string, string[]>> ErrorsOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        body.Length.Should().BeLessThan(BoundedLength);
        return JsonDocument.Parse(body).RootElement.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }

    private static async Task<(int Accounts, int Notices)> CountAsync(SampleAppFactory app)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return (await db.Users.CountAsync(ct), await db.Set<GdprOutboxMessage>().CountAsync(ct));
    }

    /// <summary>Fails every command that inserts into <paramref name="table"/>, inside the save's transaction.</summary>
    private sealed class FailInsert(string table) : DbCommandInterceptor
    {
        public bool Enabled { get; set; } = true;

        public bool Failed { get; private set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Fail(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Fail(command);
            return ValueTask.FromResult(result);
        }

        private void Fail(DbCommand command)
        {
            if (Enabled && command.CommandText.Contains($"INSERT INTO \"{table}\" ", StringComparison.Ordinal))
            {
                Failed = true;
                throw new InvalidOperationException($"Injected failure: {table} cannot be written.");
            }
        }
    }
}
