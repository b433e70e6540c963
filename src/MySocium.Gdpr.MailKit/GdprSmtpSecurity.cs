namespace MySocium.Gdpr.MailKit;

/// <summary>How the connection to the SMTP server is secured.</summary>
public enum GdprSmtpSecurity
{
    /// <summary>Plain text; only for a server on the same machine or in tests.</summary>
    None,

    /// <summary>Plain connect, then STARTTLS, which must succeed (usually port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,
}
