using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Sessions;

namespace MySocium.Gdpr;

/// <summary>Ends a visitor's session from a request.</summary>
public static class GdprHttpContextExtensions
{
    /// <summary>
    /// Logs the visitor out and removes what the session left behind: signs out of every
    /// authentication scheme that signs out locally (not policy schemes, which forward, nor remote
    /// ones such as OpenID Connect, whose sign-out redirects to the identity provider), which deletes
    /// the stored tickets so a copy of the old cookie no longer authenticates; empties the server
    /// session; expires every cookie the request carries and every cookie declared by name in
    /// <c>Gdpr:Consent:Cookies</c>, on <c>/</c> and on the paths and domains declared for it, except
    /// the consent cookie and
    /// <see cref="Sessions.GdprSessionOptions.KeepCookies"/>; and sends <c>Cache-Control: no-store</c>
    /// and <see cref="Sessions.GdprSessionOptions.ClearSiteData"/>. Afterwards the request's user is anonymous.
    /// </summary>
    /// <param name="context">The request that logs out; its response must not have started.</param>
    /// <returns>A task that completes when the session is wiped.</returns>
    /// <exception cref="InvalidOperationException"><c>AddMySociumGdpr()</c> was not called, or the response has started.</exception>
    public static Task WipeSessionAsync(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        GdprServicesGuard.EnsureAdded(context.RequestServices, nameof(WipeSessionAsync));
        return context.RequestServices.GetRequiredService<SessionWiper>().WipeAsync(context);
    }
}
