namespace MySocium.Gdpr.Notifications;

/// <summary>What a message says: its subject and both bodies.</summary>
/// <param name="Subject">The subject, on one line.</param>
/// <param name="TextBody">The plain-text body.</param>
/// <param name="HtmlBody">The HTML body.</param>
public sealed record GdprMailContent(string Subject, string TextBody, string HtmlBody);
