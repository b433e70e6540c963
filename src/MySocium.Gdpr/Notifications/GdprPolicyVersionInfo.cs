namespace MySocium.Gdpr.Notifications;

/// <summary>A published privacy-policy version.</summary>
/// <param name="Version">The version's name, such as <c>2026-12-01</c>.</param>
/// <param name="TextHash">SHA-256 of the policy's text, in lower-case hex.</param>
/// <param name="Summary">What changed, in a few sentences for the notice.</param>
/// <param name="EffectiveAt">When it takes effect.</param>
/// <param name="PublishedAt">When it was published.</param>
public sealed record GdprPolicyVersionInfo(string Version, string TextHash, string Summary, DateTimeOffset EffectiveAt, DateTimeOffset PublishedAt);
