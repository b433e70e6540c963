namespace MySocium.Gdpr.Sample.Mail;

/// <summary>How the connection to the SMTP server is secured, chosen by <c>Smtp:Security</c>.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text; only for a server on the same machine or in tests.</summary>
    None,

    /// <summary>Plain connect, then STARTTLS (usually port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,
}
