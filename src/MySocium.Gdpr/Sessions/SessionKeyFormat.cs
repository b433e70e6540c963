using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace MySocium.Gdpr.Sessions;

/// <summary>
/// The cookie format of a scheme whose tickets the library stores. For a sign-in the cookie handler keeps the
/// session key it read from the request, so every copy of the old cookie would reach the new session (a planted
/// cookie fixes the session). When the store moved the session to a new key instead, the cookie written for it
/// carries the new key; everything else passes through to the scheme's own format.
/// </summary>
internal sealed class SessionKeyFormat(ISecureDataFormat<AuthenticationTicket> inner, IHttpContextAccessor requests) : ISecureDataFormat<AuthenticationTicket>
{
    /// <summary>The claim in which the cookie handler puts the session key (its own constant, fixed for compatibility).</summary>
    public const string SessionIdClaim = "Microsoft.AspNetCore.Authentication.Cookies-SessionId";

    public string Protect(AuthenticationTicket data) => inner.Protect(WithCurrentKey(data));

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(WithCurrentKey(data), purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => inner.Unprotect(protectedText);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose) => inner.Unprotect(protectedText, purpose);

    private AuthenticationTicket WithCurrentKey(AuthenticationTicket ticket)
    {
        if (SessionWipeState.Find(requests.HttpContext) is not { } state
            || ticket.Principal.FindFirst(SessionIdClaim) is not { } claim
            || state.MovedTo(claim.Value) is not { } key)
        {
            return ticket;
        }

        var identity = new ClaimsIdentity([new Claim(SessionIdClaim, key, claim.ValueType, claim.Issuer)], ticket.Principal.Identity?.AuthenticationType);
        return new AuthenticationTicket(new ClaimsPrincipal(identity), ticket.Properties, ticket.AuthenticationScheme);
    }
}
