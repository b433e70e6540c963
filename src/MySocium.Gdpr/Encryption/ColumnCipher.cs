using NSec.Cryptography;

namespace MySocium.Gdpr.Encryption;

/// <summary>
/// Encrypts and decrypts the values of one column under one data key and one algorithm, with a
/// subkey derived once for that column. Immutable and thread-safe.
/// </summary>
internal sealed class ColumnCipher : IDisposable
{
    private readonly Key _key;
    private readonly AeadAlgorithm _aead;
    private readonly byte[] _associatedData;

    public ColumnCipher(GdprEncryptionAlgorithm algorithm, uint keyId, Key key, ReadOnlySpan<byte> context)
    {
        Algorithm = algorithm;
        KeyId = keyId;
        _key = key;
        _aead = AeadAlgorithms.Get(algorithm);
        _associatedData = new byte[Envelope.HeaderSize + context.Length];
        Envelope.WriteHeader(_associatedData, algorithm, keyId);
        context.CopyTo(_associatedData.AsSpan(Envelope.HeaderSize));
        CiphertextOffset = Envelope.HeaderSize + _aead.NonceSize;
        Overhead = CiphertextOffset + _aead.TagSize;
    }

    public GdprEncryptionAlgorithm Algorithm { get; }

    public uint KeyId { get; }

    /// <summary>Gets where the plaintext goes in an envelope: it is encrypted in place.</summary>
    public int CiphertextOffset { get; }

    /// <summary>Gets how many bytes an envelope adds to its plaintext.</summary>
    public int Overhead { get; }

    /// <summary>
    /// Seals an envelope whose plaintext the caller has written at <see cref="CiphertextOffset"/>:
    /// writes the header and a fresh nonce, then encrypts the plaintext in place.
    /// </summary>
    public void Seal(Span<byte> envelope)
    {
        var header = _associatedData.AsSpan(0, Envelope.HeaderSize);
        header.CopyTo(envelope);
        var nonce = envelope.Slice(Envelope.HeaderSize, _aead.NonceSize);
        NonceGenerator.Fill(nonce);
        var body = envelope[CiphertextOffset..];
        var plaintext = body[..^_aead.TagSize];
        _aead.Encrypt(_key, nonce, _associatedData, plaintext, body);
    }

    /// <summary>Gets the plaintext length of a well-formed envelope, or -1 when it is too short.</summary>
    public int GetPlaintextLength(ReadOnlySpan<byte> envelope) => envelope.Length < Overhead ? -1 : envelope.Length - Overhead;

    /// <summary>Authenticates and decrypts; false when the envelope was altered or belongs elsewhere.</summary>
    public bool TryOpen(ReadOnlySpan<byte> envelope, Span<byte> plaintext)
    {
        // The header is checked by the tag: it is part of the associated data.
        var nonce = envelope.Slice(Envelope.HeaderSize, _aead.NonceSize);
        return _aead.Decrypt(_key, nonce, _associatedData, envelope[CiphertextOffset..], plaintext);
    }

    public void Dispose() => _key.Dispose();
}
