using Microsoft.Extensions.DependencyInjection;

namespace MySocium.Gdpr;

internal static class GdprServicesGuard
{
    public static void EnsureAdded(IServiceProvider services, string caller)
    {
        if (services.GetService<GdprMarkerService>() is null)
        {
            throw new InvalidOperationException(
                $"{caller}() needs MySocium.Gdpr's services. Call builder.Services.AddMySociumGdpr() before building the application.");
        }
    }
}
