namespace MySocium.Gdpr.Retention;

/// <summary>
/// Declares that rows of an entity (login events, an audit table) are anonymized and then deleted
/// on a schedule, counted from one of its timestamps. The spans may also come from configuration
/// (<c>Gdpr:Retention:Entities:&lt;Entity&gt;</c>), which overrides what is declared here.
/// </summary>
/// <param name="timestamp">The name of the property the spans are counted from: a <see cref="DateTime"/> in UTC or a <see cref="DateTimeOffset"/>.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class RetentionAttribute(string timestamp) : Attribute
{
    /// <summary>Gets the name of the property the spans are counted from.</summary>
    public string Timestamp { get; } = timestamp;

    /// <summary>
    /// Gets or sets the names of the properties holding IP addresses (<see cref="string"/>,
    /// <see cref="byte"/> arrays or <see cref="System.Net.IPAddress"/>, encrypted or not), which
    /// anonymization truncates or drops.
    /// </summary>
    public string[] IpAddresses { get; set; } = [];

    /// <summary>
    /// Gets or sets how long after its timestamp a row's IP addresses are anonymized, as a
    /// <see cref="TimeSpan"/> in constant format (<c>"7.00:00:00"</c>), or null to never anonymize.
    /// </summary>
    public string? AnonymizeAfter { get; set; }

    /// <summary>
    /// Gets or sets how long after its timestamp a row is deleted, as a <see cref="TimeSpan"/> in
    /// constant format (<c>"90.00:00:00"</c>), or null to never delete.
    /// </summary>
    public string? DeleteAfter { get; set; }
}
