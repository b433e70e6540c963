using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Notifications;

/// <summary>
/// <c>GET {prefix}/unsubscribe?token=…</c> shows a confirmation page (a link checker that follows the
/// link unsubscribes no one); <c>POST</c> to the same address, as its button and RFC 8058 one-click
/// mail clients do, puts the token's address on the suppression list. No login: the signed token is
/// the authority, and applying it twice changes nothing. A forged, tampered or expired token gets 400
/// and changes nothing. The POST takes no same-origin check: the token already proves the request came
/// from the mail, which another site cannot forge, and RFC 8058 clients post from wherever they run.
/// </summary>
internal static class UnsubscribeEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/unsubscribe", Confirm).ExcludeFromDescription();
        group.MapPost("/unsubscribe", UnsubscribeAsync).ExcludeFromDescription();
    }

    private static IResult Confirm(HttpContext context, string? token, NotificationKeys keys, TimeProvider time, IOptions<GdprOptions> options)
    {
        NoStore(context);
        if (Invalid(keys, token, time) is { } invalid)
        {
            return invalid;
        }

        var action = HtmlEncoder.Default.Encode($"{options.Value.RoutePrefix}/unsubscribe?token={token}");
        return Page(
            StatusCodes.Status200OK,
            "Unsubscribe",
            $"<p>Stop receiving our newsletters and other bulk mail at this address? Mail about your account (security notices, policy changes) still reaches you.</p><form method=\"post\" action=\"{action}\"><button type=\"submit\">Unsubscribe</button></form>");
    }

    private static async Task<IResult> UnsubscribeAsync(HttpContext context, string? token, NotificationKeys keys, Notifier notifier, IServiceProvider services, TimeProvider time)
    {
        NoStore(context);
        if (Invalid(keys, token, time) is { } invalid)
        {
            return invalid;
        }

        UnsubscribeToken.TryRead(keys.Unsubscribe, token, time.GetUtcNow(), out var addressHash, out _);
        await using (var scope = services.CreateAsyncScope())
        {
            await notifier.SuppressAsync(GdprStore.Resolve(services, scope.ServiceProvider), addressHash, Notifier.Unsubscribed, context.RequestAborted);
        }

        return Page(StatusCodes.Status200OK, "You are unsubscribed", "<p>This address gets no more bulk mail from us. Mail about your account still reaches you.</p>");
    }

    /// <summary>The 400 page for a token that is not one of ours or has expired; null for a good token.</summary>
    private static IResult? Invalid(NotificationKeys keys, string? token, TimeProvider time)
    {
        if (UnsubscribeToken.TryRead(keys.Unsubscribe, token, time.GetUtcNow(), out _, out var expired))
        {
            return null;
        }

        return Page(
            StatusCodes.Status400BadRequest,
            "This unsubscribe link does not work",
            expired
                ? "<p>The link has expired. Use the link in a more recent message from us, or reply to it and ask to be unsubscribed.</p>"
                : "<p>The link is incomplete or was changed. Open it exactly as it is in the message, or reply to the message and ask to be unsubscribed.</p>");
    }

    private static void NoStore(HttpContext context)
    {
        // The token is in the address: no cache keeps the page, and no link on it sends the address on.
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static IResult Page(int status, string title, string body)
        => Results.Content(
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>",
            "text/html; charset=utf-8",
            statusCode: status);
}
