namespace MySocium.Gdpr.Encryption;

/// <summary>
/// The authenticated encryption algorithms values can be encrypted with. Each value's envelope
/// names its algorithm, so changing the setting affects only values written afterwards.
/// </summary>
public enum GdprEncryptionAlgorithm
{
    /// <summary>AEGIS-256: 256-bit key and random nonce, 256-bit tag, no practical message limit. The default.</summary>
    Aegis256 = 1,

    /// <summary>XChaCha20-Poly1305: 192-bit random nonce, 128-bit tag; constant-time without AES hardware.</summary>
    XChaCha20Poly1305 = 2,

    /// <summary>AES-256-GCM: 96-bit random nonce, so keep well under 2^32 values per key; for compliance regimes that require AES.</summary>
    Aes256Gcm = 3,
}
