using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace MySocium.Gdpr.Sample.Settings;

/// <summary>Trusts <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> only from the proxies configuration names.</summary>
public static class ForwardedHeadersServiceCollectionExtensions
{
    /// <summary>The key listing the reverse proxies' addresses, for example <c>["10.0.0.5"]</c>.</summary>
    public const string KnownProxiesKey = "ForwardedHeaders:KnownProxies";

    /// <summary>The key listing the reverse proxies' networks in CIDR notation, for example <c>["10.0.0.0/8"]</c>.</summary>
    public const string KnownNetworksKey = "ForwardedHeaders:KnownNetworks";

    /// <summary>
    /// Configures <see cref="ForwardedHeadersOptions"/> from <c>ForwardedHeaders:KnownProxies</c> and
    /// <c>ForwardedHeaders:KnownNetworks</c>. Without either, ASP.NET Core's default stands: only a proxy on the
    /// loopback interface is trusted. Any other peer's forwarded headers are ignored, so a client cannot choose
    /// the address its login is recorded with.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The application's configuration; read when the options are first used, so late overrides count.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddForwardedHeadersOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            var proxies = configuration.GetSection(KnownProxiesKey).Get<string[]>() ?? [];
            var networks = configuration.GetSection(KnownNetworksKey).Get<string[]>() ?? [];
            if (proxies.Length + networks.Length == 0)
            {
                return;
            }

            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                    ? address
                    : throw new InvalidOperationException($"{KnownProxiesKey} holds a value that is not an IP address; list addresses such as 10.0.0.5."));
            }

            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed)
                    ? parsed
                    : throw new InvalidOperationException($"{KnownNetworksKey} holds a value that is not a network; list networks in CIDR notation such as 10.0.0.0/8."));
            }
        });
        return services;
    }
}
