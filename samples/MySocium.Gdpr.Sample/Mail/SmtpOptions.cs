using MySocium.Gdpr.MailKit;

namespace MySocium.Gdpr.Sample.Mail;

/// <summary>
/// The SMTP server the sample's mail goes through, bound from the <c>Smtp</c> section. Without a
/// <see cref="Host"/> the sample still runs and its mail stays queued.
/// </summary>
public sealed class SmtpOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = GdprMailKit.DefaultSectionName;

    /// <summary>Gets or sets the server's host name or IP address (<c>Smtp:Host</c>).</summary>
    /// <value>The default value is <see langword="null"/>: no delivery, mail stays queued.</value>
    public string? Host { get; set; }

    /// <summary>Gets or sets the server's port (<c>Smtp:Port</c>).</summary>
    /// <value>The default value is 587.</value>
    public int Port { get; set; } = 587;

    /// <summary>
    /// Gets or sets how the connection is secured (<c>Smtp:Security</c>): <c>None</c>,
    /// <c>StartTls</c> or <c>SslOnConnect</c>, in any letter case.
    /// </summary>
    /// <value>The default value is <c>StartTls</c>.</value>
    public string Security { get; set; } = nameof(SmtpSecurity.StartTls);

    /// <summary>Gets or sets the sender's address, with an optional display name (<c>Smtp:From</c>).</summary>
    /// <value>The default value is <see langword="null"/>; it is required when <see cref="Host"/> is set.</value>
    public string? From { get; set; }
}
