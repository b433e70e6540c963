using System.Globalization;

namespace MySocium.Gdpr.Notifications;

/// <summary>What a policy-update template is given.</summary>
/// <param name="Policy">The new version.</param>
/// <param name="ServiceName">The application's name (<c>Gdpr:Notifications:ServiceName</c>).</param>
/// <param name="PolicyUrl">Where the policy can be read (<c>Gdpr:Notifications:PolicyUrl</c>), or null.</param>
/// <param name="Culture">The culture to write in.</param>
public sealed record GdprPolicyUpdateMail(GdprPolicyVersionInfo Policy, string ServiceName, Uri? PolicyUrl, CultureInfo Culture);
