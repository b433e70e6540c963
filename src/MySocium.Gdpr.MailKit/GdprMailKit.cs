namespace MySocium.Gdpr.MailKit;

/// <summary>Names shared by the MailKit delivery of MySocium.Gdpr notifications.</summary>
public static class GdprMailKit
{
    /// <summary>The configuration section the SMTP settings are read from by default.</summary>
    public const string DefaultSectionName = "Smtp";
}
