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
    public GdprEncryptionAlgorithm Algorithm { get; set; } = GdprEncryptionAlgorithm.Aegis256;
}
