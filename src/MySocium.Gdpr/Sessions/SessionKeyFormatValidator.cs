using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Sessions;

/// <summary>
/// Fails a cookie scheme whose tickets the library stores but whose cookie format was replaced after the library
/// wrapped it (by a post-configuration registered later): a sign-in that moves its session to a new key would
/// write a cookie with the old one, which no longer exists.
/// </summary>
internal sealed class SessionKeyFormatValidator(DatabaseTicketStore store) : IValidateOptions<CookieAuthenticationOptions>
{
    public ValidateOptionsResult Validate(string? name, CookieAuthenticationOptions options)
        => ReferenceEquals(options.SessionStore, store) && options.TicketDataFormat is not SessionKeyFormat
            ? ValidateOptionsResult.Fail(
                $"The cookie scheme '{name}' keeps its tickets in the MySocium.Gdpr store, but its TicketDataFormat was replaced after the library wrapped it. "
                + "Set TicketDataFormat in Configure rather than PostConfigure, or give the scheme a SessionStore of its own.")
            : ValidateOptionsResult.Success;
}
