using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Consent;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.Benchmarks.Consent;

/// <summary>
/// DESIGN.md section 5, consent row: a request carrying a valid consent cookie (and two others)
/// through the library's middleware, against the same request without it and through ASP.NET Core's
/// <c>CookiePolicyMiddleware</c> (one yes/no consent). Each request is a fresh context whose server
/// runs the response's starting callbacks, as Kestrel does, so the cookie filter is measured too.
/// </summary>
[MemoryDiagnoser]
public class ConsentMiddlewareBenchmarks
{
    private readonly RequestDelegate _endpoint = static context => context.Response.WriteAsync("");
    private ServiceProvider _services = null!;
    private RequestDelegate _library = null!;
    private RequestDelegate _cookiePolicy = null!;
    private string _cookieHeader = "";

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddMySociumGdpr(o =>
        {
            o.Https.AllowHttp = true;
            o.Consent.Cookies.Add(new GdprCookieDeclaration { Name = "stats_id", Category = ConsentCategories.Analytics });
        });
        _services = services.BuildServiceProvider();
        _services.GetRequiredService<KeyRing>().Load([new DataKey(1, RandomNumberGenerator.GetBytes(32))], 1, new DataKey(2, RandomNumberGenerator.GetBytes(32)));

        var table = _services.GetRequiredService<ConsentCategoryTable>();
        var consent = ConsentCookie.Write(
            _services.GetRequiredService<ConsentKeys>().Cookie, Guid.CreateVersion7(), DateTimeOffset.UtcNow, table.Stamp, table.Bit(ConsentCategories.Analytics));
        _cookieHeader = $"stats_id=8c1e0f; .AspNetCore.Cookies=CfDJ8ticket; .MySocium.Consent={consent}";

        _library = new GdprMiddleware(_endpoint, _services.GetRequiredService<ConsentService>(), _services.GetRequiredService<HttpsPolicy>()).InvokeAsync;
        _cookiePolicy = new CookiePolicyMiddleware(_endpoint, Options.Create(new CookiePolicyOptions { CheckConsentNeeded = _ => true }), NullLoggerFactory.Instance).Invoke;
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public Task WithoutMiddleware() => RunAsync(_endpoint);

    [Benchmark]
    public Task AspNetCoreCookiePolicy() => RunAsync(_cookiePolicy);

    [Benchmark]
    public Task MySociumGdprConsent() => RunAsync(_library);

    private async Task RunAsync(RequestDelegate pipeline)
    {
        var response = new StartingResponseFeature();
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpResponseFeature>(response);
        context.Request.Headers.Cookie = _cookieHeader;
        context.RequestServices = _services;
        await pipeline(context);
        await response.StartAsync();
    }

    /// <summary>A response that runs its starting callbacks when the test server "sends" it.</summary>
    private sealed class StartingResponseFeature : HttpResponseFeature
    {
        private (Func<object, Task> Callback, object State)? _starting;

        public override void OnStarting(Func<object, Task> callback, object state) => _starting = (callback, state);

        public Task StartAsync() => _starting is { } starting ? starting.Callback(starting.State) : Task.CompletedTask;
    }
}
