using MySocium.Gdpr.Sample.Api;

namespace MySocium.Gdpr.Sample.Settings;

/// <summary>
/// The response headers the library leaves to the host: a Content-Security-Policy that allows only the
/// app's own scripts and styles (no inline script, no framing), and <c>no-store</c> on the JSON API,
/// whose every answer is about the signed-in person. The library adds <c>nosniff</c> and <c>Secure</c> cookies.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly Func<object, Task> AddHeadersCallback = AddHeaders;

    /// <summary>Adds the headers to every response, errors included: they are set as the headers go out, after any handler cleared them.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
        => app.Use((context, next) =>
        {
            context.Response.OnStarting(AddHeadersCallback, context);
            return next(context);
        });

    private static Task AddHeaders(object state)
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        if (context.Request.IsApiRequest())
        {
            headers.CacheControl = "no-store";
        }

        return Task.CompletedTask;
    }
}
