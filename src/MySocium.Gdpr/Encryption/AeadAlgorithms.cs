using NSec.Cryptography;

namespace MySocium.Gdpr.Encryption;

internal static class AeadAlgorithms
{
    public static AeadAlgorithm Get(GdprEncryptionAlgorithm algorithm) => algorithm switch
    {
        GdprEncryptionAlgorithm.Aegis256 => AeadAlgorithm.Aegis256,
        GdprEncryptionAlgorithm.XChaCha20Poly1305 => AeadAlgorithm.XChaCha20Poly1305,
        GdprEncryptionAlgorithm.Aes256Gcm => AeadAlgorithm.Aes256Gcm,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown encryption algorithm."),
    };

    public static bool IsDefined(byte algorithmId)
        => algorithmId is (byte)GdprEncryptionAlgorithm.Aegis256 or (byte)GdprEncryptionAlgorithm.XChaCha20Poly1305 or (byte)GdprEncryptionAlgorithm.Aes256Gcm;

    /// <summary>Gets whether this machine can run the algorithm: AES-256-GCM needs AES instructions.</summary>
    public static bool IsSupported(GdprEncryptionAlgorithm algorithm)
        => algorithm != GdprEncryptionAlgorithm.Aes256Gcm || Aes256Gcm.IsSupported;
}
