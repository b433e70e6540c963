using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MySocium.Gdpr.Consent;

namespace MySocium.Gdpr.Tests.Consent;

/// <summary>
/// A real Kestrel host on loopback with the library's middleware and endpoints, a SQLite store, and
/// endpoints that set cookies by name. Its client keeps no cookies: tests send and read headers themselves.
/// Hosts built on the same <see cref="DatabaseFile"/> and <see cref="RootKey"/> share keys and ledger, as app instances do.
/// </summary>
public sealed class ConsentHost : IAsyncDisposable
{
    public const string AnalyticsCookie = "stats_id";
    public const string MarketingCookie = "ads_";
    public const string PreferencesCookie = "theme";

    private readonly WebApplication _app;

    private readonly List<string> _logged;

    private ConsentHost(WebApplication app, string databaseFile, string rootKey, List<string> logged)
    {
        _app = app;
        _logged = logged;
        DatabaseFile = databaseFile;
        RootKey = rootKey;
        Client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()),
        };
    }

    public HttpClient Client { get; }

    public string DatabaseFile { get; }

    public string RootKey { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a host. Requests with <c>X-Forwarded-Proto: https</c> count as HTTPS, as behind a proxy.</summary>
    public static async Task<ConsentHost> StartAsync(
        Action<GdprOptions>? configure = null,
        string environment = "Development",
        TimeProvider? time = null,
        string? databaseFile = null,
        string? rootKey = null)
    {
        databaseFile ??= Path.Combine(Path.GetTempPath(), $"mysocium-consent-{Guid.NewGuid():N}.db");
        rootKey ??= Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var logged = new List<string>();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders().AddProvider(new ListLoggerProvider(logged));
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddDbContext<ConsentStoreContext>((sp, o) => o.UseSqlite($"Data Source={databaseFile};Pooling=False").UseMySociumGdpr(sp));
        builder.Services.AddMySociumGdpr(o =>
        {
            o.Encryption.RootKey = rootKey;
            o.Consent.Cookies.Add(new GdprCookieDeclaration { Name = AnalyticsCookie, Category = ConsentCategories.Analytics, Path = "/stats" });
            o.Consent.Cookies.Add(new GdprCookieDeclaration { Name = MarketingCookie + "*", Category = ConsentCategories.Marketing });
            o.Consent.Cookies.Add(new GdprCookieDeclaration { Name = PreferencesCookie, Category = ConsentCategories.Preferences });
            configure?.Invoke(o);
        }).AddEntityFrameworkStores<ConsentStoreContext>();
        builder.Services.AddAuthentication().AddCookie();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
        });

        var app = builder.Build();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ConsentStoreContext>().Database.EnsureCreatedAsync();
        }

        app.UseForwardedHeaders();
        app.UseMySociumGdpr();
        app.UseAuthentication();
        app.MapMySociumGdpr();
        app.MapGet("/set", (HttpContext context, string names) =>
        {
            foreach (var name in names.Split(','))
            {
                context.Response.Cookies.Append(name, "v", new CookieOptions { HttpOnly = true, MaxAge = TimeSpan.FromDays(30) });
            }

            return Results.Ok();
        });
        app.MapGet("/signin", async (HttpContext context) =>
        {
            var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "user-42")], CookieAuthenticationDefaults.AuthenticationScheme));
            await context.SignInAsync(user, new AuthenticationProperties { IsPersistent = true });
        });
        app.MapPost("/tracking/grant", (HttpContext context) =>
        {
            context.Features.Get<Microsoft.AspNetCore.Http.Features.ITrackingConsentFeature>()!.GrantConsent();
            return Results.Ok();
        });
        await app.StartAsync();
        return new ConsentHost(app, databaseFile, rootKey, logged);
    }

    /// <summary>Gets what the app logged at Warning or above.</summary>
    public IReadOnlyList<string> Logged
    {
        get
        {
            lock (_logged)
            {
                return [.. _logged];
            }
        }
    }

    /// <summary>Posts a decision as the banner does, with an optional consent cookie, and returns the response.</summary>
    public Task<HttpResponseMessage> DecideAsync(string[] categories, string? consentCookie = null, string? otherCookies = null, string method = "banner")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/gdpr/consent") { Content = JsonContent.Create(new { categories, method }) };
        AddCookies(request, consentCookie, otherCookies);
        return Client.SendAsync(request);
    }

    /// <summary>Decides and returns the consent cookie's value.</summary>
    public async Task<string> ConsentCookieAsync(params string[] categories)
    {
        using var response = await DecideAsync(categories);
        response.EnsureSuccessStatusCode();
        return SetCookies(response).Single(c => c.StartsWith(".MySocium.Consent=", StringComparison.Ordinal)).Split(';')[0][".MySocium.Consent=".Length..];
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? consentCookie = null, string? otherCookies = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        AddCookies(request, consentCookie, otherCookies);
        configure?.Invoke(request);
        return Client.SendAsync(request);
    }

    public static IReadOnlyList<string> SetCookies(HttpResponseMessage response)
        => response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];

    public async Task<IReadOnlyList<GdprConsentRecordView>> LedgerAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ConsentStoreContext>();
        return await db.Database.SqlQueryRaw<GdprConsentRecordView>(
            "SELECT \"Sequence\", \"ConsentId\", \"SubjectHash\", \"Granted\", \"Refused\", \"Withdrawn\", \"PolicyVersion\", \"Method\", \"IpAddress\" FROM \"GdprConsentRecords\" ORDER BY \"Sequence\"").ToListAsync();
    }

    public async Task ExecuteSqlAsync(string sql)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ConsentStoreContext>().Database.ExecuteSqlRawAsync(sql);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Deletes the database file once every host on it is gone.</summary>
    public void DeleteDatabase()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(DatabaseFile);
    }

    private static void AddCookies(HttpRequestMessage request, string? consentCookie, string? otherCookies)
    {
        var cookies = string.Join("; ", new[] { consentCookie is null ? null : ".MySocium.Consent=" + consentCookie, otherCookies }.Where(c => c is not null));
        if (cookies.Length > 0)
        {
            request.Headers.Add("Cookie", cookies);
        }
    }

    private sealed class ListLoggerProvider(List<string> entries) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(entries);

        public void Dispose()
        {
        }

        private sealed class ListLogger(List<string> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lock (entries)
                    {
                        entries.Add(formatter(state, exception));
                    }
                }
            }
        }
    }
}

/// <summary>The library's state only: keys and the consent ledger.</summary>
public sealed class ConsentStoreContext(DbContextOptions<ConsentStoreContext> options) : DbContext(options);

/// <summary>A ledger row as the tests read it with plain SQL.</summary>
public sealed record GdprConsentRecordView(long Sequence, Guid ConsentId, string? SubjectHash, string Granted, string Refused, string Withdrawn, string PolicyVersion, string Method, string? IpAddress);
