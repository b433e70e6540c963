using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr;

/// <summary>Decides once, when the pipeline is built, whether and where plain HTTP is redirected.</summary>
internal sealed class HttpsPolicy
{
    public HttpsPolicy(IOptions<GdprOptions> options, IServiceProvider services)
    {
        var https = options.Value.Https;
        var development = services.GetService<IHostEnvironment>()?.IsDevelopment() ?? false;
        Enforced = !development && !https.AllowHttp;
        HstsHeader = $"max-age={(long)https.HstsMaxAge.TotalSeconds}{(https.HstsIncludeSubDomains ? "; includeSubDomains" : "")}";
        Port = https.Port
            ?? services.GetService<IOptions<HttpsRedirectionOptions>>()?.Value.HttpsPort
            ?? FirstPort(services.GetService<IConfiguration>());
    }

    /// <summary>Gets whether plain HTTP is redirected: everywhere but Development, unless the host allowed it.</summary>
    public bool Enforced { get; }

    public string HstsHeader { get; }

    public int? Port { get; }

    /// <summary>Stops the start when HTTP must be redirected but no one said where to.</summary>
    /// <exception cref="InvalidOperationException">The HTTPS port is unknown.</exception>
    public void EnsureConfigured()
    {
        if (Enforced && Port is null)
        {
            throw new InvalidOperationException(
                "MySocium.Gdpr serves only HTTPS outside Development, but no HTTPS port is known to redirect plain HTTP to. "
                + "Set Gdpr:Https:Port (443 behind a proxy, with the forwarded-headers middleware first), HTTPS_PORTS, or HttpsRedirectionOptions.HttpsPort; "
                + "or, only for a host reached solely through a TLS-terminating proxy, Gdpr:Https:AllowHttp=true.");
        }
    }

    /// <summary>Answers a plain-HTTP request with a permanent redirect to the same URL on HTTPS (308 keeps the method and body).</summary>
    public void Redirect(HttpContext context)
    {
        var request = context.Request;
        var host = Port == 443 ? new HostString(request.Host.Host) : new HostString(request.Host.Host, Port!.Value);
        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = string.Concat("https://", host.ToUriComponent(), request.PathBase.ToUriComponent(), request.Path.ToUriComponent(), request.QueryString.ToUriComponent());
    }

    private static int? FirstPort(IConfiguration? configuration)
    {
        var setting = configuration?["HTTPS_PORTS"] ?? configuration?["HTTPS_PORT"] ?? configuration?["ANCM_HTTPS_PORT"];
        var first = setting?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 ? port : null;
    }
}
