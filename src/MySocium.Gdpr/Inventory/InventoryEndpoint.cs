using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MySocium.Gdpr.Inventory;

/// <summary><c>GET {prefix}/inventory</c>: in Development for anyone, elsewhere only behind the host's named policy.</summary>
internal static class InventoryEndpoint
{
    public static void Map(RouteGroupBuilder group, GdprInventoryOptions options, IServiceProvider services)
    {
        var development = services.GetService<IHostEnvironment>()?.IsDevelopment() ?? false;
        if (options.AuthorizationPolicy is null && !development)
        {
            return;
        }

        var endpoint = group.MapGet("/inventory", (IPersonalDataInventory inventory) => Results.Text(inventory.Describe().ToJson(), "application/json")).ExcludeFromDescription();
        if (options.AuthorizationPolicy is { } policy)
        {
            endpoint.RequireAuthorization(policy);
        }
    }
}
