using System.ComponentModel.DataAnnotations;

namespace MySocium.Gdpr.Retention;

/// <summary>Settings of the retention pruner (<c>Gdpr:Retention</c>).</summary>
public sealed class GdprRetentionOptions
{
    /// <summary>Gets or sets how often each instance runs the pruner; the first run is when the host starts.</summary>
    /// <value>The default value is one hour.</value>
    [SettingRange(typeof(TimeSpan), "00:00:01", "30.00:00:00", ErrorMessage = "Gdpr:Retention:Interval must be between one second and 30 days.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how many rows one statement deletes or one transaction anonymizes.</summary>
    /// <value>The default value is 5,000.</value>
    [SettingRange(1, 100_000, ErrorMessage = "Gdpr:Retention:BatchSize must be between 1 and 100000.")]
    public int BatchSize { get; set; } = 5_000;

    /// <summary>
    /// Gets or sets how many batches one transaction spans. Fewer commits make a run faster; a run that
    /// stops loses at most this many uncommitted batches, which the next run redoes, and a transaction
    /// holds its row locks (on SQLite, the database's write lock) for as long as these batches take.
    /// </summary>
    /// <value>The default value is 10.</value>
    [SettingRange(1, 1_000, ErrorMessage = "Gdpr:Retention:BatchesPerTransaction must be between 1 and 1000.")]
    public int BatchesPerTransaction { get; set; } = 10;

    /// <summary>Gets or sets what anonymization leaves of an IP address.</summary>
    /// <value>The default value is <see cref="IpAddressAnonymization.Truncate"/>.</value>
    [EnumDataType(typeof(IpAddressAnonymization), ErrorMessage = "Gdpr:Retention:Anonymization must be Truncate or Drop.")]
    public IpAddressAnonymization Anonymization { get; set; } = IpAddressAnonymization.Truncate;

    /// <summary>Gets or sets how many leading bits of an IPv4 address truncation keeps (an IPv4-mapped IPv6 address counts as IPv4).</summary>
    /// <value>The default value is 24.</value>
    [SettingRange(0, 32, ErrorMessage = "Gdpr:Retention:IPv4PrefixLength must be between 0 and 32.")]
    public int IPv4PrefixLength { get; set; } = 24;

    /// <summary>Gets or sets how many leading bits of an IPv6 address truncation keeps.</summary>
    /// <value>The default value is 48.</value>
    [SettingRange(0, 128, ErrorMessage = "Gdpr:Retention:IPv6PrefixLength must be between 0 and 128.")]
    public int IPv6PrefixLength { get; set; } = 48;

    /// <summary>
    /// Gets or sets how long a run holds the lease row (on databases other than PostgreSQL, which
    /// uses an advisory lock) without renewing it. A run renews it as it goes; an instance on
    /// another machine that crashed holds off the others until its lease expires, one on the same
    /// machine only until its process is gone.
    /// </summary>
    /// <value>The default value is five minutes.</value>
    [SettingRange(typeof(TimeSpan), "00:00:05", "1.00:00:00", ErrorMessage = "Gdpr:Retention:LeaseDuration must be between five seconds and one day.")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets the retention of entities by name (the entity's CLR type name, or its EF Core name),
    /// overriding or completing their <see cref="RetentionAttribute"/>.
    /// </summary>
    public IDictionary<string, GdprRetentionEntityOptions> Entities { get; } = new Dictionary<string, GdprRetentionEntityOptions>(StringComparer.Ordinal);
}
