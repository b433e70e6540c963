using System.Globalization;

namespace MySocium.Gdpr.Notifications;

/// <summary>What an account-activity template is given.</summary>
/// <param name="Activity">What happened, as the host reported it.</param>
/// <param name="ServiceName">The application's name (<c>Gdpr:Notifications:ServiceName</c>).</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="Network">The network it came from (the IP address truncated to /24 or /48), or null.</param>
/// <param name="SecurityUrl">Where to go if it was not the owner (<c>Gdpr:Notifications:SecurityUrl</c>), or null.</param>
/// <param name="ToPreviousAddress">Whether this copy goes to the address an email change replaced.</param>
/// <param name="Culture">The culture to write in.</param>
public sealed record GdprAccountActivityMail(
    GdprAccountActivity Activity, string ServiceName, DateTimeOffset OccurredAt, string? Network, Uri? SecurityUrl, bool ToPreviousAddress, CultureInfo Culture);
