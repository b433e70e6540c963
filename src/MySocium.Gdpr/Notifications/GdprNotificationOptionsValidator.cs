using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Notifications;

/// <summary>Checks what the attributes on <see cref="GdprNotificationOptions"/> cannot: addresses and settings against each other.</summary>
internal sealed class GdprNotificationOptionsValidator : IValidateOptions<GdprOptions>
{
    public ValidateOptionsResult Validate(string? name, GdprOptions options)
    {
        var notifications = options.Notifications;
        var failures = new List<string>();
        CheckUrl(failures, "BaseUrl", notifications.BaseUrl);
        CheckUrl(failures, "SecurityUrl", notifications.SecurityUrl);
        CheckUrl(failures, "PolicyUrl", notifications.PolicyUrl);
        if (string.IsNullOrWhiteSpace(notifications.ServiceName) || notifications.ServiceName.Any(char.IsControl))
        {
            failures.Add("Gdpr:Notifications:ServiceName must be a name on one line, such as 'Example'.");
        }

        if (notifications.MaxRetryDelay < notifications.RetryDelay)
        {
            failures.Add($"Gdpr:Notifications:MaxRetryDelay ({notifications.MaxRetryDelay}) must not be shorter than Gdpr:Notifications:RetryDelay ({notifications.RetryDelay}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckUrl(List<string> failures, string setting, Uri? url)
    {
        if (url is not null && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)))
        {
            failures.Add($"Gdpr:Notifications:{setting} must be an absolute http or https address, such as 'https://example.org'.");
        }
    }
}
