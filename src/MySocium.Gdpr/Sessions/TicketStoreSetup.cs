using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Sessions;

/// <summary>
/// Gives every cookie-authentication scheme that has no session store of its own the library's,
/// whatever the order of <c>AddCookie</c> and <c>AddMySociumGdpr</c>: post-configuration runs after
/// all configuration.
/// </summary>
internal sealed class TicketStoreSetup(IServiceProvider services, IOptions<GdprOptions> options, DatabaseTicketStore store) : IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions cookie)
    {
        if (cookie.SessionStore is null && options.Value.Sessions.StoreTickets && services.GetService<GdprStore>() is not null)
        {
            cookie.SessionStore = store;
        }
    }
}
