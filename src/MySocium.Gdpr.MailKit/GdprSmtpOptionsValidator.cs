using Microsoft.Extensions.Options;
using MimeKit;

namespace MySocium.Gdpr.MailKit;

/// <summary>Stops the start when the SMTP settings are unusable, naming each key to fix under the section they were bound from.</summary>
internal sealed class GdprSmtpOptionsValidator(string section) : IValidateOptions<GdprSmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, GdprSmtpOptions options)
    {
        var builder = new ValidateOptionsResultBuilder();
        if (string.IsNullOrWhiteSpace(options.Host) || Uri.CheckHostName(options.Host.Trim()) == UriHostNameType.Unknown)
        {
            builder.AddError($"{section}:Host must be the SMTP server's host name or IP address, such as 'smtp.example.com'.");
        }

        if (options.Port is < 1 or > 65535)
        {
            builder.AddError($"{section}:Port must be a TCP port from 1 to 65535.");
        }

        if (!Enum.IsDefined(options.Security))
        {
            builder.AddError($"{section}:Security must be None, StartTls or SslOnConnect.");
        }

        if (string.IsNullOrWhiteSpace(options.From) || !MailboxAddress.TryParse(options.From, out var from) || from.Address.IndexOf('@', StringComparison.Ordinal) <= 0)
        {
            builder.AddError($"{section}:From must be the sender's address, optionally with a display name, such as 'Example <noreply@example.org>'.");
        }

        if (string.IsNullOrEmpty(options.UserName) != string.IsNullOrEmpty(options.Password))
        {
            builder.AddError($"{section}:UserName and {section}:Password go together: set both to authenticate, or neither.");
        }

        if (options.Timeout < TimeSpan.FromSeconds(1) || options.Timeout > TimeSpan.FromMinutes(5))
        {
            builder.AddError($"{section}:Timeout ({options.Timeout}) must be between one second and five minutes.");
        }

        return builder.Build();
    }
}
