using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Sessions;

/// <summary>
/// Gives every cookie-authentication scheme that has no session store of its own the library's,
/// whatever the order of <c>AddCookie</c> and <c>AddMySociumGdpr</c>: post-configuration runs after
/// all configuration. Its cookie format is wrapped in <see cref="SessionKeyFormat"/>; a scheme without
/// a format gets the one ASP.NET Core would give it (same protector purposes, so existing cookies stay valid).
/// </summary>
internal sealed class TicketStoreSetup(
    IServiceProvider services, IOptions<GdprOptions> options, DatabaseTicketStore store, IHttpContextAccessor requests)
    : IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions cookie)
    {
        if (cookie.SessionStore is null && options.Value.Sessions.StoreTickets && services.GetService<GdprStore>() is not null)
        {
            cookie.SessionStore = store;
            cookie.DataProtectionProvider ??= services.GetRequiredService<IDataProtectionProvider>();
            var format = cookie.TicketDataFormat ?? new TicketDataFormat(cookie.DataProtectionProvider.CreateProtector(
                "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", name ?? Options.DefaultName, "v2"));
            cookie.TicketDataFormat = new SessionKeyFormat(format, requests);
        }
    }
}
