using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Consent;
using MySocium.Gdpr.Inventory;
using MySocium.Gdpr.Notifications;

namespace MySocium.Gdpr;

/// <summary>Maps MySocium.Gdpr's endpoints (consent, unsubscribe, inventory).</summary>
public static class GdprEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the library's endpoints under <see cref="GdprOptions.RoutePrefix"/>: <c>GET</c> and
    /// <c>POST consent</c> (the visitor's decision as JSON; the POST takes
    /// <c>{"categories": ["analytics"], "method": "banner"}</c>) and <c>consent.js</c> (the banner's
    /// script); <c>inventory</c> (what the app stores about people, as JSON: in Development, or anywhere
    /// behind <see cref="GdprInventoryOptions.AuthorizationPolicy"/>); <c>GET</c> and <c>POST unsubscribe?token=…</c> (the
    /// confirmation page of a bulk mail's unsubscribe link, and the RFC 8058 one-click unsubscribe); and <c>/.well-known/gpc.json</c>,
    /// which tells that the site honours Global Privacy Control.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <returns>The group holding the endpoints, to which the host may add conventions such as rate limits.</returns>
    /// <exception cref="InvalidOperationException"><c>AddMySociumGdpr()</c> was not called on the application's services.</exception>
    public static RouteGroupBuilder MapMySociumGdpr(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        GdprServicesGuard.EnsureAdded(endpoints.ServiceProvider, nameof(MapMySociumGdpr));
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<GdprOptions>>().Value;
        var group = endpoints.MapGroup(options.RoutePrefix);
        ConsentEndpoints.Map(endpoints, group);
        InventoryEndpoint.Map(group, options.Inventory, endpoints.ServiceProvider);
        UnsubscribeEndpoints.Map(group);
        return group;
    }
}
