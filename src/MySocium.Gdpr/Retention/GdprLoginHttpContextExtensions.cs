using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Keys;
using MySocium.Gdpr.Retention;

namespace MySocium.Gdpr;

/// <summary>Reads the client's address and a login's footprint from a request.</summary>
public static class GdprLoginHttpContextExtensions
{
    /// <summary>
    /// Gets the client's IP address: the connection's peer, which ASP.NET Core's
    /// <c>UseForwardedHeaders()</c> replaces with the <c>X-Forwarded-For</c> address only when the peer is one of
    /// <c>ForwardedHeadersOptions.KnownProxies</c> or <c>KnownIPNetworks</c>. The header itself is never read
    /// here, so a client that is not a configured proxy cannot choose the address it is recorded with.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <returns>The address, an IPv4-mapped IPv6 address as IPv4; <see langword="null"/> when the server does not know it.</returns>
    public static IPAddress? GetClientIpAddress(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = context.Connection.RemoteIpAddress;
        return address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
    }

    /// <summary>
    /// Captures a successful login for the host's login event entity: the time from the registered
    /// <see cref="TimeProvider"/>, the address from <see cref="GetClientIpAddress"/>, and a keyed hash of the
    /// <c>User-Agent</c> header. Declare the entity with <see cref="RetentionAttribute"/> so the address is
    /// truncated and the event deleted on schedule.
    /// </summary>
    /// <param name="context">The request that logged in.</param>
    /// <returns>The login's footprint; nothing is written or logged.</returns>
    /// <exception cref="InvalidOperationException"><c>AddMySociumGdpr()</c> was not called, or the data keys are not loaded yet.</exception>
    public static GdprLoginEvent CaptureLoginEvent(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        GdprServicesGuard.EnsureAdded(context.RequestServices, nameof(CaptureLoginEvent));
        var services = context.RequestServices;
        return new GdprLoginEvent(
            services.GetRequiredService<TimeProvider>().GetUtcNow(),
            context.GetClientIpAddress(),
            context.Request.Headers.UserAgent.ToString() is { Length: > 0 } userAgent
                ? services.GetRequiredService<KeyedHashes>().Hash("login\0user-agent", userAgent)
                : null);
    }
}
