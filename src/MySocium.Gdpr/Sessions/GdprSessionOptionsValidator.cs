using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Sessions;

/// <summary>Checks what the attributes on <see cref="GdprSessionOptions"/> cannot: the names of the cookies the wipe keeps, the key-rotation claim types, and the cleanup interval.</summary>
internal sealed class GdprSessionOptionsValidator : IValidateOptions<GdprOptions>
{
    public ValidateOptionsResult Validate(string? name, GdprOptions options)
    {
        var keep = options.Sessions.KeepCookies;
        var failures = new List<string>();
        for (var i = 0; i < keep.Count; i++)
        {
            if (!CookieNamePattern.IsValid(keep[i]))
            {
                failures.Add($"Gdpr:Sessions:KeepCookies:{i} must be a cookie name, or a prefix ending with '*' such as 'lang*'.");
            }
        }

        var rotation = options.Sessions.KeyRotationClaimTypes;
        for (var i = 0; i < rotation.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(rotation[i]))
            {
                failures.Add($"Gdpr:Sessions:KeyRotationClaimTypes:{i} must be a claim type, such as 'AspNet.Identity.SecurityStamp'.");
            }
        }

        // Checked here rather than by [Range]: the generated validator drops a TimeSpan range's ErrorMessage, and with it the setting's name.
        var interval = options.Sessions.ExpiredTicketCleanupInterval;
        if (interval < TimeSpan.FromMinutes(1) || interval > TimeSpan.FromDays(1))
        {
            failures.Add($"Gdpr:Sessions:ExpiredTicketCleanupInterval ({interval}) must be between one minute and one day.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
