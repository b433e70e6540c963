using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using MySocium.Gdpr.Sample.Api;
using MySocium.Gdpr.Sample.Data;

namespace MySocium.Gdpr.Sample.Account;

/// <summary>
/// Checks every session cookie against its account, and answers the JSON API with status codes
/// where the pages get redirects.
/// </summary>
internal sealed class AccountCookieEvents(AppDbContext db, AccountLog log) : CookieAuthenticationEvents
{
    /// <summary>
    /// Rejects a cookie whose security stamp is no longer the account's (the password changed) or
    /// whose account is gone. It costs one indexed query per request, which buys an immediate end
    /// to the other sessions instead of one after a revalidation interval.
    /// </summary>
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        if (context.Principal is { } principal && AccountClaims.TryGetUserId(principal, out var userId))
        {
            var stamp = await db.Users
                .Where(u => u.Id == userId)
                .Select(u => u.SecurityStamp)
                .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
            if (stamp is not null && string.Equals(stamp, AccountClaims.GetSecurityStamp(principal), StringComparison.Ordinal))
            {
                return;
            }

            log.SessionRejected(userId);
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(context.Scheme.Name);
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
        => context.Request.IsApiRequest() ? Respond(context, StatusCodes.Status401Unauthorized) : base.RedirectToLogin(context);

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
        => context.Request.IsApiRequest() ? Respond(context, StatusCodes.Status403Forbidden) : base.RedirectToAccessDenied(context);

    private static Task Respond(RedirectContext<CookieAuthenticationOptions> context, int statusCode)
    {
        context.Response.StatusCode = statusCode;
        return Task.CompletedTask;
    }
}
