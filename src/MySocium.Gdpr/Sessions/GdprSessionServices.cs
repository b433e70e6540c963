using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Erasure;

namespace MySocium.Gdpr.Sessions;

/// <summary>Registers the sessions feature: the ticket store, the wipe, and erasure's end of the subject's sessions.</summary>
internal static class GdprSessionServices
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GdprOptions>, GdprSessionOptionsValidator>());
        services.AddHttpContextAccessor();
        services.TryAddSingleton<SessionWiper>();
        services.TryAddSingleton<DatabaseTicketStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<CookieAuthenticationOptions>, TicketStoreSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CookieAuthenticationOptions>, SessionKeyFormatValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStoreErasureParticipant, SessionErasureParticipant>());
    }
}
