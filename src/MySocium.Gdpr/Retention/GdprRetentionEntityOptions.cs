namespace MySocium.Gdpr.Retention;

/// <summary>
/// The retention of one entity (<c>Gdpr:Retention:Entities:&lt;Entity&gt;</c>). Each setting left
/// null is taken from the entity's <see cref="RetentionAttribute"/>.
/// </summary>
public sealed class GdprRetentionEntityOptions
{
    /// <summary>Gets or sets the name of the property the spans are counted from.</summary>
    /// <value>The default value is null: the attribute's.</value>
    public string? Timestamp { get; set; }

    /// <summary>Gets the names of the properties holding IP addresses; when empty, the attribute's.</summary>
    public IList<string> IpAddresses { get; } = [];

    /// <summary>Gets or sets how long after its timestamp a row's IP addresses are anonymized.</summary>
    /// <value>The default value is null: the attribute's, else never.</value>
    public TimeSpan? AnonymizeAfter { get; set; }

    /// <summary>Gets or sets how long after its timestamp a row is deleted.</summary>
    /// <value>The default value is null: the attribute's, else never.</value>
    public TimeSpan? DeleteAfter { get; set; }
}
