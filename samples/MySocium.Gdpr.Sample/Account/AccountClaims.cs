using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using MySocium.Gdpr.Sample.Data;

namespace MySocium.Gdpr.Sample.Account;

/// <summary>What the session cookie says about its user, and the sign-in that writes it.</summary>
internal static class AccountClaims
{
    public const string SecurityStampType = "mysocium-sample:security-stamp";

    public static Task SignInAsync(HttpContext httpContext, AppUser user)
    {
        Claim[] claims =
        [
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.UserName),
            new(SecurityStampType, user.SecurityStamp),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
        return httpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
    }

    public static bool TryGetUserId(ClaimsPrincipal principal, out Guid userId)
        => Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), CultureInfo.InvariantCulture, out userId);

    /// <summary>Returns the signed-in user's id; only for endpoints that require authorization.</summary>
    public static Guid GetUserId(ClaimsPrincipal principal)
        => TryGetUserId(principal, out var userId)
            ? userId
            : throw new InvalidOperationException("The request's user carries no account id; the endpoint must call RequireAuthorization().");

    /// <summary>Returns the signed-in user's name; only for endpoints that require authorization.</summary>
    public static string GetUserName(ClaimsPrincipal principal)
        => principal.FindFirstValue(ClaimTypes.Name)
            ?? throw new InvalidOperationException("The request's user carries no user name; the endpoint must call RequireAuthorization().");

    public static string? GetSecurityStamp(ClaimsPrincipal principal) => principal.FindFirstValue(SecurityStampType);
}
