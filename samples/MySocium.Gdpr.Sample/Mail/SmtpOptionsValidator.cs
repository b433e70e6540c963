using System.Net.Mail;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Sample.Settings;

namespace MySocium.Gdpr.Sample.Mail;

/// <summary>Stops the start when the SMTP settings are unusable, naming each key to fix.</summary>
internal sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var builder = new ValidateOptionsResultBuilder();
        var hasHost = !string.IsNullOrWhiteSpace(options.Host);
        if (hasHost && Uri.CheckHostName(options.Host!.Trim()) == UriHostNameType.Unknown)
        {
            builder.AddError("Smtp:Host must be a host name or an IP address, such as 'smtp.example.com'.");
        }

        if (options.Port is < 1 or > 65535)
        {
            builder.AddError("Smtp:Port must be a TCP port from 1 to 65535.");
        }

        if (!EnumSetting.TryParse<SmtpSecurity>(options.Security, out _))
        {
            builder.AddError(EnumSetting.InvalidValueMessage<SmtpSecurity>("Smtp:Security"));
        }

        if (string.IsNullOrWhiteSpace(options.From))
        {
            if (hasHost)
            {
                builder.AddError("Smtp:From is required when Smtp:Host is set; use an address such as 'MySocium Sample <noreply@example.com>'.");
            }
        }
        else if (!MailAddress.TryCreate(options.From, out _))
        {
            builder.AddError("Smtp:From must be an email address, optionally with a display name, such as 'MySocium Sample <noreply@example.com>'.");
        }

        return builder.Build();
    }
}
