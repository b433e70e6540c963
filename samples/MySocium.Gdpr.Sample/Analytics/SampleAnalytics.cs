namespace MySocium.Gdpr.Sample.Analytics;

/// <summary>
/// A stand-in for an analytics tool: every page view gets a visitor id cookie. The code never asks
/// about consent; MySocium.Gdpr drops the cookie from the response unless the visitor granted
/// <c>analytics</c>, and expires it when they withdraw.
/// </summary>
public static class SampleAnalytics
{
    /// <summary>The cookie's name, declared in <c>Gdpr:Consent:Cookies</c> with the <c>analytics</c> category.</summary>
    public const string CookieName = "sample_analytics";

    /// <summary>Sets the visitor id cookie on page views that do not carry one yet.</summary>
    /// <param name="app">The application's pipeline.</param>
    /// <returns>The same pipeline.</returns>
    public static IApplicationBuilder UseSampleAnalytics(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (HttpMethods.IsGet(context.Request.Method) && !context.Request.Cookies.ContainsKey(CookieName) && IsPage(context.Request.Path))
        {
            context.Response.Cookies.Append(CookieName, Guid.NewGuid().ToString("N"), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = context.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(365),
            });
        }

        return next(context);
    });

    private static bool IsPage(PathString path) => !Path.HasExtension(path.Value) && !path.StartsWithSegments("/api") && !path.StartsWithSegments("/gdpr");
}
