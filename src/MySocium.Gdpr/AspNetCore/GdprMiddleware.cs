using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using MySocium.Gdpr.Consent;

namespace MySocium.Gdpr;

/// <summary>
/// The library's middleware: HTTPS outside Development, the request's consent decision,
/// <c>X-Content-Type-Options: nosniff</c> on every response, and a last look at the response's
/// cookies before its headers go out.
/// </summary>
internal sealed class GdprMiddleware(RequestDelegate next, ConsentService consent, HttpsPolicy https)
{
    private const string NoSniff = "nosniff";

    private static readonly Func<object, Task> FilterCookiesCallback = FilterCookies;

    public Task InvokeAsync(HttpContext context)
    {
        // No browser runs a response as another type than it declares (a JSON body as script, an upload as HTML).
        // Set again as the headers go out, since an exception handler clears them.
        context.Response.Headers.XContentTypeOptions = NoSniff;
        if (https.Enforced)
        {
            if (!context.Request.IsHttps)
            {
                https.Redirect(context);
                return Task.CompletedTask;
            }

            context.Response.Headers.StrictTransportSecurity = https.HstsHeader;
        }

        var feature = consent.Read(context);
        context.Features.Set<IGdprConsentFeature>(feature);
        context.Features.Set<ITrackingConsentFeature>(feature);
        context.Response.OnStarting(FilterCookiesCallback, feature);
        return next(context);
    }

    /// <summary>
    /// Drops every <c>Set-Cookie</c> of a category the visitor has not granted (or declared in none),
    /// makes authentication cookies session-only without <c>preferences</c>, marks every cookie of an
    /// HTTPS response <c>Secure</c>, and expires the request's cookies of categories without consent.
    /// </summary>
    private static Task FilterCookies(object state)
    {
        var feature = (GdprConsentFeature)state;
        var table = feature.Table;
        var granted = feature.Granted;
        var persistent = (granted & ConsentCategoryTable.PreferencesBit) != 0;
        var response = feature.Context.Response;
        response.Headers.XContentTypeOptions = NoSniff;
        var https = feature.Context.Request.IsHttps;
        var setCookies = response.Headers.SetCookie;
        if (setCookies.Count > 0)
        {
            List<string>? kept = null;
            for (var i = 0; i < setCookies.Count; i++)
            {
                var value = setCookies[i]!;
                var name = SetCookieHeader.Name(value);
                var required = table.RequiredBit(name);
                var keep = value;
                if (required == uint.MaxValue && !SetCookieHeader.IsDeletion(value))
                {
                    feature.Service.ReportUndeclared(name);
                    keep = null;
                }
                else if (required != 0 && (granted & required) != required && !SetCookieHeader.IsDeletion(value))
                {
                    keep = null;
                }
                else if (!persistent && table.IsAuthenticationCookie(name) && !SetCookieHeader.IsDeletion(value))
                {
                    keep = SetCookieHeader.WithoutExpiry(value);
                }

                // A cookie set over HTTPS without Secure (such as the antiforgery one by default) would also travel over plain HTTP.
                if (https && keep is not null && !SetCookieHeader.IsSecure(keep))
                {
                    keep += "; secure";
                }

                if (kept is null && !ReferenceEquals(keep, value))
                {
                    kept = new List<string>(setCookies.Count);
                    for (var j = 0; j < i; j++)
                    {
                        kept.Add(setCookies[j]!);
                    }
                }

                if (keep is not null)
                {
                    kept?.Add(keep);
                }
            }

            if (kept is not null)
            {
                response.Headers.SetCookie = new StringValues([.. kept]);
            }
        }

        ExpireRefusedCookies(feature, granted);
        return Task.CompletedTask;
    }

    private static void ExpireRefusedCookies(GdprConsentFeature feature, uint granted)
    {
        var headers = feature.Context.Request.Headers.Cookie;
        if (headers.Count == 0)
        {
            return;
        }

        var table = feature.Table;
        var cookies = new RequestCookies(headers);
        while (cookies.MoveNext())
        {
            if (table.Find(cookies.Name) is { } declaration && Refused(table, declaration, granted))
            {
                SetCookieHeader.Expire(feature.Context, cookies.Name.ToString(), declaration);
            }
        }
    }

    /// <summary>Whether a declared cookie's category is optional and not granted.</summary>
    private static bool Refused(ConsentCategoryTable table, GdprCookieDeclaration declaration, uint granted)
        => table.Bit(declaration.Category) is var bit and not 0 and not 1 && (granted & bit) != bit;
}
