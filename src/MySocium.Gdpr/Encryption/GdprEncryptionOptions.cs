using System.ComponentModel.DataAnnotations;

namespace MySocium.Gdpr.Encryption;

/// <summary>Settings of encryption at rest, in the <c>Gdpr:Encryption</c> configuration section.</summary>
public sealed class GdprEncryptionOptions
{
    /// <summary>
    /// Gets or sets the root key: 32 random bytes in Base64 (e.g. <c>openssl rand -base64 32</c>),
    /// from a secret store, never from source control. It wraps the data keys stored in the
    /// database. Leave it unset when an <see cref="Keys.IRootKeyProvider"/> is registered.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    [RootKeyFormat]
    public string? RootKey { get; set; }

    /// <summary>Gets or sets the algorithm new values are encrypted with; stored values keep theirs.</summary>
    /// <value>The default value is <see cref="GdprEncryptionAlgorithm.Aegis256"/>.</value>
    [EnumDataType(typeof(GdprEncryptionAlgorithm), ErrorMessage = "Gdpr:Encryption:Algorithm must be Aegis256, XChaCha20Poly1305 or Aes256Gcm.")]
    [SupportedAlgorithm]
    public GdprEncryptionAlgorithm Algorithm { get; set; } = GdprEncryptionAlgorithm.Aegis256;

    /// <summary>
    /// Gets or sets whether reads accept legacy plaintext next to encrypted values, while existing
    /// rows are being encrypted by <see cref="Keys.IPlaintextMigrationJob"/>. Applies to string
    /// properties stored as Base64 text and <c>byte[]</c> properties stored as binary (the forms a
    /// legacy plaintext column already has); other encrypted properties are unaffected. A stored value
    /// is taken for an envelope only when its header names a known format, algorithm and loaded key.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AcceptPlaintext { get; set; }

    /// <summary>
    /// Gets or sets how long a rotated key waits before it encrypts new values. With several
    /// application instances on one database, make it at least twice <see cref="KeyRefreshInterval"/>,
    /// so every instance has loaded a key before any value is encrypted under it.
    /// </summary>
    /// <value>The default value is zero: a new key is current at once.</value>
    [SettingRange(typeof(TimeSpan), "00:00:00", "30.00:00:00", ErrorMessage = "Gdpr:Encryption:KeyActivationDelay must be between 0 and 30 days.")]
    public TimeSpan KeyActivationDelay { get; set; }

    /// <summary>Gets or sets how often each instance re-reads the data keys, to see rotations done elsewhere.</summary>
    /// <value>The default value is one minute.</value>
    [SettingRange(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Gdpr:Encryption:KeyRefreshInterval must be between one second and one day.")]
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how many rows the re-encryption and migration jobs rewrite per transaction.</summary>
    /// <value>The default value is 500.</value>
    [SettingRange(1, 100_000, ErrorMessage = "Gdpr:Encryption:BatchSize must be between 1 and 100000.")]
    public int BatchSize { get; set; } = 500;
}
