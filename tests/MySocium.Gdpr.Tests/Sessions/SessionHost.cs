using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace MySocium.Gdpr.Tests.Sessions;

/// <summary>A member: the data subject of the session tests' model.</summary>
public sealed class Member
{
    public Guid Id { get; set; }

    [PersonalData] public string Name { get; set; } = "";
}

public sealed class SessionContext(DbContextOptions<SessionContext> options) : DbContext(options)
{
    public DbSet<Member> Members => Set<Member>();
}

/// <summary>Where a <see cref="SessionHost"/> keeps what outlives it: the SQLite file, the root key, the Data Protection keys.</summary>
public sealed class SessionStorage : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("mysocium-sessions-").FullName;

    public string DatabaseFile => Path.Combine(Directory, "sessions.db");

    public string RootKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>
/// A test server with cookie authentication (schemes <c>Cookies</c> and <c>Partner</c>, and a
/// policy scheme forwarding to the first), a server session, MySocium.Gdpr over a SQLite file, and
/// endpoints that sign in, sign out and wipe.
/// Instances given the same <see cref="SessionStorage"/> act as instances of one app sharing a database.
/// </summary>
public sealed class SessionHost : IAsyncDisposable
{
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string PartnerScheme = "Partner";

    /// <summary>Forwards to <see cref="Scheme"/>: the wipe signs out of the schemes it forwards to, not of it.</summary>
    public const string PolicyScheme = "Either";
    public const string AuthCookie = "test.auth";
    public const string PartnerCookie = "test.partner";
    public const string SessionCookie = "test.session";
    private const string MemberHeader = "X-Member";
    private const string NameHeader = "X-Name";

    private readonly WebApplication _app;
    private readonly SessionStorage? _ownedStorage;

    private SessionHost(WebApplication app, SessionStorage storage, SessionStorage? ownedStorage, ConcurrentQueue<string> logs)
    {
        _app = app;
        Storage = storage;
        _ownedStorage = ownedStorage;
        Logs = logs;
    }

    public SessionStorage Storage { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Gets every entry the host logged, at any level.</summary>
    public ConcurrentQueue<string> Logs { get; }

    public static async Task<SessionHost> StartAsync(
        Action<GdprOptions>? configure = null,
        SessionStorage? storage = null,
        TimeProvider? time = null,
        Action<IServiceCollection>? services = null)
    {
        var owned = storage is null ? new SessionStorage() : null;
        storage ??= owned!;
        var logs = new ConcurrentQueue<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().AddProvider(new QueueLoggerProvider(logs)).SetMinimumLevel(LogLevel.Debug);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddDataProtection()
            .SetApplicationName("mysocium-session-tests")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(storage.Directory, "data-protection")));
        builder.Services.AddDbContext<SessionContext>((sp, o) => o.UseSqlite($"Data Source={storage.DatabaseFile}").UseMySociumGdpr(sp));
        builder.Services.AddMySociumGdpr(o =>
            {
                o.Encryption.RootKey = storage.RootKey;
                configure?.Invoke(o);
            })
            .AddEntityFrameworkStores<SessionContext>()
            .AddSubject<Member>();
        builder.Services.AddAuthentication(Scheme)
            .AddCookie(Scheme, o => ConfigureCookie(o, AuthCookie))
            .AddCookie(PartnerScheme, o => ConfigureCookie(o, PartnerCookie))
            .AddPolicyScheme(PolicyScheme, PolicyScheme, o => o.ForwardDefault = Scheme);
        builder.Services.AddAuthorization();
        builder.Services.AddDistributedMemoryCache();
        builder.Services.AddSession(o => o.Cookie.Name = SessionCookie);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SessionContext>().Database.EnsureCreatedAsync();
        }

        app.UseSession();
        app.UseAuthentication();
        app.UseAuthorization();
        MapEndpoints(app);
        await app.StartAsync();
        return new SessionHost(app, storage, owned, logs);
    }

    /// <summary>
    /// Sends a request carrying <paramref name="cookies"/> (as a <c>Cookie</c> header value) and, for
    /// a sign-in, <paramref name="member"/> in headers, so no personal data reaches the URL the server logs.
    /// </summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? cookies = null, bool https = false, (Guid Id, string Name)? member = null)
    {
        var client = _app.GetTestClient();
        client.BaseAddress = new Uri(https ? "https://localhost/" : "http://localhost/");
        var request = new HttpRequestMessage(method, path);
        if (cookies is not null)
        {
            request.Headers.Add(HeaderNames.Cookie, cookies);
        }

        if (member is var (id, name))
        {
            request.Headers.Add(MemberHeader, id.ToString());
            request.Headers.Add(NameHeader, name);
        }

        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Signs in <paramref name="member"/> and returns the authentication cookie, ready for a <c>Cookie</c> header.</summary>
    public async Task<string> LogInAsync(Guid member, string name, string scheme = Scheme)
    {
        var response = await SendAsync(HttpMethod.Post, $"/login?scheme={scheme}", member: (member, name));
        response.EnsureSuccessStatusCode();
        var cookie = SetCookies(response).Single(c => c.Value.Length > 0);
        return $"{cookie.Name}={cookie.Value}";
    }

    /// <summary>Returns the name of the user the cookies authenticate, or null when they do not.</summary>
    public async Task<string?> WhoAsync(string cookies, string scheme = Scheme)
    {
        var response = await SendAsync(HttpMethod.Get, $"/me?scheme={scheme}", cookies);
        return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken) : null;
    }

    public Task<int> CountTicketsAsync() => WithContextAsync(db => db.Database
        .SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"GdprAuthenticationTickets\"").SingleAsync());

    public async Task<T> WithContextAsync<T>(Func<SessionContext, Task<T>> action)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<SessionContext>());
    }

    public static IReadOnlyList<SetCookieHeaderValue> SetCookies(HttpResponseMessage response)
        => response.Headers.TryGetValues(HeaderNames.SetCookie, out var values) ? [.. SetCookieHeaderValue.ParseList([.. values])] : [];

    /// <summary>The response's cookies but the two authentication cookies, which signing out of their schemes always expires.</summary>
    public static IReadOnlyList<SetCookieHeaderValue> OtherSetCookies(HttpResponseMessage response)
        => [.. SetCookies(response).Where(c => c.Name != AuthCookie && c.Name != PartnerCookie)];

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _ownedStorage?.Dispose();
    }

    private static void ConfigureCookie(CookieAuthenticationOptions options, string name)
    {
        options.Cookie.Name = name;
        options.ExpireTimeSpan = TimeSpan.FromHours(1);
        options.SlidingExpiration = false;
    }

    private static void MapEndpoints(WebApplication app)
    {
        app.MapPost("/login", (HttpContext context, [FromHeader(Name = MemberHeader)] Guid member, [FromHeader(Name = NameHeader)] string name, string scheme)
            => context.SignInAsync(scheme, Principal(member, name, scheme)));
        // Like ASP.NET Core Identity's two-factor "remember this browser" ticket: a name claim only, no subject claim.
        app.MapPost("/remember", (HttpContext context, [FromHeader(Name = NameHeader)] string name)
            => context.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], Scheme))));
        app.MapGet("/me", async (HttpContext context, string scheme) =>
        {
            var result = await context.AuthenticateAsync(scheme);
            return result.Succeeded ? Results.Text(result.Principal.Identity!.Name) : Results.Unauthorized();
        });
        app.MapPost("/wipe", async (HttpContext context) =>
        {
            await context.WipeSessionAsync();
            return Results.Text(context.User.Identity?.IsAuthenticated == true ? "still signed in" : "anonymous");
        });
        app.MapPost("/wipe-late", async (HttpContext context) =>
        {
            await context.Response.WriteAsync("started ");
            try
            {
                await context.WipeSessionAsync();
            }
            catch (InvalidOperationException e)
            {
                await context.Response.WriteAsync(e.Message);
            }
        });
        app.MapPost("/signout", (HttpContext context) => context.SignOutAsync(Scheme));
        app.MapPost("/signout-then-set", async (HttpContext context) =>
        {
            await context.SignOutAsync(Scheme);
            context.Response.Cookies.Append("flash", "signed-out");
        });
        app.MapPost("/switch", async (HttpContext context, [FromHeader(Name = MemberHeader)] Guid member, [FromHeader(Name = NameHeader)] string name) =>
        {
            await context.SignOutAsync(Scheme);
            await context.SignInAsync(Scheme, Principal(member, name, Scheme));
        });
        app.MapPost("/session", (HttpContext context, string value) => context.Session.SetString("value", value));
        app.MapGet("/session", (HttpContext context) => context.Session.GetString("value") ?? "(none)");
    }

    private static ClaimsPrincipal Principal(Guid member, string name, string scheme) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, member.ToString()), new Claim(ClaimTypes.Name, name)], scheme));

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(logs, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class QueueLogger(ConcurrentQueue<string> logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => logs.Enqueue($"{logLevel} {category}[{eventId.Id}]: {formatter(state, exception)} {exception}");
    }
}
