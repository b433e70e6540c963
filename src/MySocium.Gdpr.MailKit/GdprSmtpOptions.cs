namespace MySocium.Gdpr.MailKit;

/// <summary>The SMTP server MySocium.Gdpr's mail goes through, usually bound from the <c>Smtp</c> configuration section.</summary>
public sealed class GdprSmtpOptions
{
    /// <summary>Gets or sets the server's host name or IP address.</summary>
    /// <value>The default value is <see langword="null"/>; it is required.</value>
    public string? Host { get; set; }

    /// <summary>Gets or sets the server's port.</summary>
    /// <value>The default value is 587.</value>
    public int Port { get; set; } = 587;

    /// <summary>Gets or sets how the connection is secured.</summary>
    /// <value>The default value is <see cref="GdprSmtpSecurity.StartTls"/>.</value>
    public GdprSmtpSecurity Security { get; set; } = GdprSmtpSecurity.StartTls;

    /// <summary>Gets or sets the user name to authenticate with; no authentication when null.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? UserName { get; set; }

    /// <summary>Gets or sets the password to authenticate with, from a secret store.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Password { get; set; }

    /// <summary>Gets or sets the sender: an address with an optional display name, such as <c>Example &lt;noreply@example.org&gt;</c>.</summary>
    /// <value>The default value is <see langword="null"/>; it is required.</value>
    public string? From { get; set; }

    /// <summary>Gets or sets how long connecting and each command may take.</summary>
    /// <value>The default value is 30 seconds. It must be between one second and five minutes.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
