namespace MySocium.Gdpr.Retention;

/// <summary>The retention schedule of one entity.</summary>
/// <param name="Entity">The entity's display name.</param>
/// <param name="Timestamp">The property the spans are counted from.</param>
/// <param name="IpAddresses">The properties holding IP addresses.</param>
/// <param name="AnonymizeAfter">How long after the timestamp the IP addresses are anonymized; null for never.</param>
/// <param name="DeleteAfter">How long after the timestamp the row is deleted; null for never.</param>
public sealed record RetentionPolicy(string Entity, string Timestamp, IReadOnlyList<string> IpAddresses, TimeSpan? AnonymizeAfter, TimeSpan? DeleteAfter);
