using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MySocium.Gdpr;

/// <summary>Refuses state-changing requests that a browser sends on behalf of another site.</summary>
public static class GdprSameOriginExtensions
{
    /// <summary>
    /// Makes the endpoints answer <c>403</c> to a <c>POST</c>, <c>PUT</c>, <c>PATCH</c> or <c>DELETE</c> that a
    /// browser marks as coming from another site: <c>Sec-Fetch-Site</c> other than <c>same-origin</c> or
    /// <c>none</c>, or, from a browser that does not send it, an <c>Origin</c> whose host is not the request's.
    /// A request with neither header (a script, a server, an older browser) passes; against those the
    /// authentication cookie's <c>SameSite</c> attribute still holds. <c>MapMySociumGdpr()</c> applies it to the
    /// library's consent endpoint; apply it to every state-changing endpoint of the host that a cookie authenticates.
    /// </summary>
    /// <typeparam name="TBuilder">The kind of endpoint builder.</typeparam>
    /// <param name="builder">The endpoints (an endpoint, or a group).</param>
    /// <returns>The same builder.</returns>
    public static TBuilder RequireSameOrigin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddEndpointFilter(static (context, next) => IsCrossSite(context.HttpContext.Request)
            ? ValueTask.FromResult<object?>(Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Cross-site request refused",
                detail: "This request changes something, and the browser says another site sent it. Send it from this site's own pages."))
            : next(context));
    }

    /// <summary>Whether a state-changing request comes, by the browser's word, from another site.</summary>
    internal static bool IsCrossSite(HttpRequest request)
    {
        var method = request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
        {
            return false;
        }

        var site = request.Headers["Sec-Fetch-Site"];
        if (site.Count > 0)
        {
            return !(site == "same-origin" || site == "none");
        }

        var origin = request.Headers.Origin;
        if (origin.Count == 0)
        {
            return false;
        }

        // "null" (a sandboxed frame, a redirect across sites) and anything unparsable are another site.
        return !Uri.TryCreate(origin.ToString(), UriKind.Absolute, out var uri)
            || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
