using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MySocium.Gdpr.Retention;
using MySocium.Gdpr.Tests.Consent;

namespace MySocium.Gdpr.Tests.Retention;

/// <summary>A login's footprint: the client's address honours forwarded headers only from a configured proxy.</summary>
public sealed class LoginEventTests : IAsyncLifetime
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.5");
    private static readonly IPAddress Stranger = IPAddress.Parse("198.51.100.9");
    private const string Forwarded = "203.0.113.7";
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

    private readonly string _databaseFile = Path.Combine(Path.GetTempPath(), $"mysocium-login-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 8, 30, 0, TimeSpan.Zero));
    private WebApplication _app = null!;
    private GdprLoginEvent _captured;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().AddFakeLogging().SetMinimumLevel(LogLevel.Information);
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddDbContext<ConsentStoreContext>((sp, o) => o.UseSqlite($"Data Source={_databaseFile};Pooling=False").UseMySociumGdpr(sp));
        builder.Services.AddMySociumGdpr(o => o.Encryption.RootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)))
            .AddEntityFrameworkStores<ConsentStoreContext>();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Add(Proxy);
        });
        _app = builder.Build();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ConsentStoreContext>().Database.EnsureCreatedAsync();
        }

        _app.UseForwardedHeaders();
        _app.MapPost("/login", (HttpContext context) => { _captured = context.CaptureLoginEvent(); });
        await _app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_databaseFile);
    }

    [Fact]
    public async Task ForwardedFor_FromAnUnknownPeer_IsIgnored()
    {
        var login = await LogInAsync(Stranger, Forwarded);

        login.IpAddress.Should().Be(Stranger);
    }

    [Fact]
    public async Task ForwardedFor_FromAConfiguredProxy_IsHonoured()
    {
        var login = await LogInAsync(Proxy, Forwarded);

        login.IpAddress.Should().Be(IPAddress.Parse(Forwarded));
    }

    [Fact]
    public async Task ClientIpAddress_Ipv4MappedPeer_IsRecordedAsIpv4()
    {
        var login = await LogInAsync(Stranger.MapToIPv6());

        login.IpAddress.Should().Be(Stranger);
        login.IpAddress!.AddressFamily.Should().Be(System.Net.Sockets.AddressFamily.InterNetwork);
    }

    [Fact]
    public async Task CaptureLoginEvent_RecordsTheClocksTime_AndAKeyedHashOfTheUserAgent()
    {
        var first = await LogInAsync(Stranger, userAgent: Firefox);
        _time.Advance(TimeSpan.FromMinutes(5));
        var again = await LogInAsync(Stranger, userAgent: Firefox);
        var other = await LogInAsync(Stranger, userAgent: "curl/8.5.0");
        var none = await LogInAsync(Stranger);

        first.OccurredAt.Should().Be(new DateTimeOffset(2026, 11, 29, 8, 30, 0, TimeSpan.Zero));
        again.OccurredAt.Should().Be(first.OccurredAt.AddMinutes(5));
        first.UserAgentHash.Should().MatchRegex("^[0-9a-f]{64}$");
        again.UserAgentHash.Should().Be(first.UserAgentHash, "the same browser is recognised");
        other.UserAgentHash.Should().NotBe(first.UserAgentHash);
        first.UserAgentHash.Should().NotBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Firefox))), "an unkeyed hash could be matched against a list of user agents");
        none.UserAgentHash.Should().BeNull();
    }

    [Fact]
    public async Task CaptureLoginEvent_LogsNoIpAddress()
    {
        await LogInAsync(Proxy, Forwarded, Firefox);
        await LogInAsync(Stranger, Forwarded, Firefox);

        var logged = _app.Services.GetFakeLogCollector().GetSnapshot();
        logged.Should().NotContain(r => r.Message.Contains(Forwarded) || r.Message.Contains(Stranger.ToString()) || r.Message.Contains(Proxy.ToString()));
    }

    private async Task<GdprLoginEvent> LogInAsync(IPAddress peer, string? forwardedFor = null, string? userAgent = null)
    {
        _captured = default;
        var context = await _app.GetTestServer().SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = "/login";
            c.Connection.RemoteIpAddress = peer;
            if (forwardedFor is not null)
            {
                c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            }

            if (userAgent is not null)
            {
                c.Request.Headers.UserAgent = userAgent;
            }
        }, TestContext.Current.CancellationToken);
        context.Response.StatusCode.Should().Be(StatusCodes.Status200OK);
        return _captured;
    }
}
