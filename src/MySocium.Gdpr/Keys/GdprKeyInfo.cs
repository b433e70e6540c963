namespace MySocium.Gdpr.Keys;

/// <summary>What may be known of a data key: never its material.</summary>
/// <param name="Id">The id every value encrypted under the key names in its envelope.</param>
/// <param name="CreatedAt">When the key was created.</param>
/// <param name="ActivatesAt">When the key starts encrypting new values (<c>Gdpr:Encryption:KeyActivationDelay</c> after it was created).</param>
/// <param name="IsCurrent">Whether new values are encrypted under it.</param>
public sealed record GdprKeyInfo(int Id, DateTimeOffset CreatedAt, DateTimeOffset ActivatesAt, bool IsCurrent);
