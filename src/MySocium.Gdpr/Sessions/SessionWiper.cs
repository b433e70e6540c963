using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Sessions;

/// <summary>Ends a visitor's session everywhere it lives: authentication tickets, server session, cookies, browser storage.</summary>
internal sealed class SessionWiper(IOptions<GdprOptions> options, ILogger<SessionWiper> logger)
{
    private const string SecurePrefix = "__Secure-";
    private const string HostPrefix = "__Host-";

    public async Task WipeAsync(HttpContext context)
    {
        if (context.Response.HasStarted)
        {
            throw new InvalidOperationException(
                "WipeSessionAsync() sets cookies and headers, but the response has already started. Call it before writing the response body.");
        }

        var state = SessionWipeState.For(context);
        state.Wiping = true;
        var schemes = 0;
        if (context.RequestServices.GetService<IAuthenticationSchemeProvider>() is { } provider)
        {
            foreach (var scheme in await provider.GetAllSchemesAsync())
            {
                if (SignsOutLocally(scheme.HandlerType))
                {
                    await context.SignOutAsync(scheme.Name);
                    schemes++;
                }
            }
        }

        context.User = new ClaimsPrincipal(new ClaimsIdentity());
        var cookies = ExpireCookies(context, keepCookiesTheResponseSets: false);
        SetHeaders(context.Response);
        await ClearSessionAsync(context);
        Log.SessionWiped(logger, schemes, cookies);
    }

    /// <summary>
    /// Called when a scheme's stored ticket is removed on sign-out: clears the server session now,
    /// and unless the request signs in again, wipes the response as it starts.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="sessionKey">The removed ticket's key.</param>
    /// <param name="removed">Whether a ticket was there to remove, so a sign-in later in this request may take its place under a new key.</param>
    public async Task SignedOutAsync(HttpContext context, string sessionKey, bool removed)
    {
        var state = SessionWipeState.For(context);
        if (removed)
        {
            state.Removed(sessionKey);
        }

        if (!options.Value.Sessions.WipeOnSignOut || state.Wiping || state.Scheduled || context.Response.HasStarted)
        {
            return;
        }

        state.Scheduled = true;
        await ClearSessionAsync(context);
        context.Response.OnStarting(() =>
        {
            if (!state.SignedInAgain)
            {
                var cookies = ExpireCookies(context, keepCookiesTheResponseSets: true);
                SetHeaders(context.Response);
                Log.SessionWipedOnSignOut(logger, cookies);
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Schemes that end a session here: not a policy scheme (it forwards to one of the others) and
    /// not a remote one, whose sign-out (OpenID Connect's end-session) redirects to the identity provider.
    /// </summary>
    private static bool SignsOutLocally(Type handlerType)
    {
        if (!typeof(IAuthenticationSignOutHandler).IsAssignableFrom(handlerType) || typeof(PolicySchemeHandler).IsAssignableFrom(handlerType))
        {
            return false;
        }

        for (var type = handlerType; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(RemoteAuthenticationHandler<>))
            {
                return false;
            }
        }

        return true;
    }

    private int ExpireCookies(HttpContext context, bool keepCookiesTheResponseSets)
    {
        var gdpr = options.Value;
        var setByResponse = keepCookiesTheResponseSets ? NamesSetBy(context.Response) : [];
        var count = 0;
        foreach (var name in CookieNames(context.Request, gdpr))
        {
            if (Keeps(gdpr, name) || setByResponse.Contains(name))
            {
                continue;
            }

            foreach (var (path, domain) in Variants(gdpr, name))
            {
                context.Response.Cookies.Delete(name, new CookieOptions
                {
                    Path = path,
                    Domain = domain,
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,

                    // A browser ignores a Secure cookie sent over plain HTTP, so the deletion would not happen.
                    Secure = context.Request.IsHttps || name.StartsWith(SecurePrefix, StringComparison.OrdinalIgnoreCase) || name.StartsWith(HostPrefix, StringComparison.OrdinalIgnoreCase),
                });
            }

            count++;
        }

        return count;
    }

    /// <summary>
    /// The cookies the request carries, and those the app declares by exact name: a cookie set on
    /// another path (<c>/posts</c>) does not come with a request to the logout's path.
    /// </summary>
    private static IEnumerable<string> CookieNames(HttpRequest request, GdprOptions gdpr)
        => request.Cookies.Keys.Union(gdpr.Consent.Cookies.Select(c => c.Name).Where(n => !n.EndsWith('*')), StringComparer.Ordinal);

    private static bool Keeps(GdprOptions gdpr, string name)
        => (gdpr.Sessions.KeepConsentCookie && string.Equals(name, gdpr.Consent.CookieName, StringComparison.Ordinal))
            || gdpr.Sessions.KeepCookies.Any(pattern => CookieNamePattern.Matches(pattern, name));

    /// <summary>
    /// The paths and domains a cookie may have been set with: the root, host-only, then each place
    /// the app declares for it. <c>/</c> comes first: deleting it drops earlier Set-Cookie headers of
    /// the name on any path, which would include the later variants.
    /// </summary>
    private static List<(string Path, string? Domain)> Variants(GdprOptions gdpr, string name)
    {
        List<(string, string?)> variants = [("/", null)];
        if (name.StartsWith(HostPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return variants;
        }

        foreach (var declared in gdpr.Consent.Cookies)
        {
            var variant = (declared.Path, string.IsNullOrEmpty(declared.Domain) ? null : declared.Domain);
            if (CookieNamePattern.Matches(declared.Name, name) && !variants.Contains(variant))
            {
                variants.Add(variant);
            }
        }

        return variants;
    }

    private static HashSet<string> NamesSetBy(HttpResponse response)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var header in response.Headers.SetCookie)
        {
            var equals = header?.IndexOf('=', StringComparison.Ordinal) ?? -1;
            if (equals > 0)
            {
                names.Add(header![..equals].Trim());
            }
        }

        return names;
    }

    private void SetHeaders(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        var clear = options.Value.Sessions.ClearSiteData;
        if (clear != ClearSiteDataTypes.None)
        {
            response.Headers["Clear-Site-Data"] = ClearSiteDataHeader(clear);
        }
    }

    private static string ClearSiteDataHeader(ClearSiteDataTypes types)
    {
        List<string> directives = [];
        if (types.HasFlag(ClearSiteDataTypes.Cache))
        {
            directives.Add("\"cache\"");
        }

        if (types.HasFlag(ClearSiteDataTypes.Storage))
        {
            directives.Add("\"storage\"");
        }

        if (types.HasFlag(ClearSiteDataTypes.Cookies))
        {
            directives.Add("\"cookies\"");
        }

        if (types.HasFlag(ClearSiteDataTypes.ExecutionContexts))
        {
            directives.Add("\"executionContexts\"");
        }

        return string.Join(", ", directives);
    }

    /// <summary>
    /// Empties the server session and saves it empty: <see cref="ISession"/> cannot delete its entry,
    /// which lapses after the session's idle timeout, and the wipe expires its cookie.
    /// </summary>
    private async Task ClearSessionAsync(HttpContext context)
    {
        if (context.Features.Get<ISessionFeature>()?.Session is not { } session)
        {
            return;
        }

        try
        {
            await session.LoadAsync(context.RequestAborted);
            session.Clear();
            await session.CommitAsync(context.RequestAborted);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The sign-out and the cookies matter more than the session's store being up; say what was left.
            Log.SessionClearFailed(logger, e.GetType().Name);
        }
    }
}
