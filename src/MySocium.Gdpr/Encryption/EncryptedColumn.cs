using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.Encryption;

/// <summary>
/// Encryption state of one encrypted property: its context (entity and property, bound into
/// every value's associated data) and the ciphers derived for it, one per key and algorithm,
/// derived on first use and cached.
/// </summary>
internal sealed class EncryptedColumn
{
    private const int StackLimit = 256;

    private readonly KeyRing _keys;
    private readonly GdprEncryptionAlgorithm _algorithm;
    private readonly byte[] _context;
    private readonly ConcurrentDictionary<(uint KeyId, GdprEncryptionAlgorithm Algorithm), ColumnCipher> _ciphers = new();
    private ColumnCipher? _current;

    public EncryptedColumn(KeyRing keys, GdprEncryptionAlgorithm algorithm, string entity, string property)
    {
        _keys = keys;
        _algorithm = algorithm;
        Entity = entity;
        Property = property;
        _context = Encoding.UTF8.GetBytes($"{entity}\0{property}");
    }

    public string Entity { get; }

    public string Property { get; }

    public byte[] Encrypt<T>(T value, PlaintextCodec<T> codec)
    {
        var cipher = CurrentCipher();
        var length = codec.GetByteCount(value);
        var envelope = new byte[cipher.Overhead + length];
        codec.Write(value, envelope.AsSpan(cipher.CiphertextOffset, length));
        cipher.Seal(envelope);
        return envelope;
    }

    public T Decrypt<T>(ReadOnlySpan<byte> envelope, PlaintextCodec<T> codec)
    {
        var cipher = CipherFor(envelope);
        var length = cipher.GetPlaintextLength(envelope);
        if (length < 0)
        {
            throw Failure(cipher.KeyId, "the value is truncated.");
        }

        byte[]? rented = null;
        var plaintext = length <= StackLimit
            ? stackalloc byte[StackLimit]
            : rented = ArrayPool<byte>.Shared.Rent(length);
        plaintext = plaintext[..length];
        try
        {
            if (!cipher.TryOpen(envelope, plaintext))
            {
                throw Failure(cipher.KeyId, "authentication failed: the value was altered, truncated, or copied from another column.");
            }

            return codec.Read(plaintext);
        }
        catch (FormatException)
        {
            throw Failure(cipher.KeyId, $"the decrypted value is not a {typeof(T).Name}; was the property's type changed?");
        }
        finally
        {
            plaintext.Clear();
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Gets the key id of a stored envelope, after checking its header names a loaded key.</summary>
    public uint KeyIdOf(ReadOnlySpan<byte> envelope) => CipherFor(envelope).KeyId;

    /// <summary>
    /// Tells an envelope from a legacy plaintext value: a known version and algorithm, room for
    /// nonce and tag, and a loaded key id. A plaintext that passes still has to authenticate, so
    /// it fails loudly rather than yield a wrong value.
    /// </summary>
    public bool IsEnvelope(ReadOnlySpan<byte> stored)
    {
        if (!Envelope.TryReadHeader(stored, out var version, out var algorithmId, out var keyId)
            || version != Envelope.Version1 || !AeadAlgorithms.IsDefined(algorithmId)
            || !AeadAlgorithms.IsSupported((GdprEncryptionAlgorithm)algorithmId))
        {
            return false;
        }

        var aead = AeadAlgorithms.Get((GdprEncryptionAlgorithm)algorithmId);
        return stored.Length >= Envelope.HeaderSize + aead.NonceSize + aead.TagSize && _keys.TryGet(keyId, out _);
    }

    /// <summary>
    /// Re-encrypts a stored envelope under the current key without decoding its value; returns
    /// <see langword="null"/> when it already is under the current key and algorithm.
    /// </summary>
    public byte[]? Reencrypt(ReadOnlySpan<byte> envelope)
    {
        var cipher = CipherFor(envelope);
        var current = CurrentCipher();
        if (cipher == current)
        {
            return null;
        }

        var length = cipher.GetPlaintextLength(envelope);
        if (length < 0)
        {
            throw Failure(cipher.KeyId, "the value is truncated.");
        }

        var reencrypted = new byte[current.Overhead + length];
        var plaintext = reencrypted.AsSpan(current.CiphertextOffset, length);
        if (!cipher.TryOpen(envelope, plaintext))
        {
            plaintext.Clear();
            throw Failure(cipher.KeyId, "authentication failed: the value was altered, truncated, or copied from another column.");
        }

        current.Seal(reencrypted);
        return reencrypted;
    }

    private ColumnCipher CurrentCipher()
    {
        var key = _keys.Current;
        var cipher = _current;
        if (cipher is null || cipher.KeyId != key.Id)
        {
            cipher = _current = GetCipher(key, _algorithm);
        }

        return cipher;
    }

    private ColumnCipher CipherFor(ReadOnlySpan<byte> envelope)
    {
        if (!Envelope.TryReadHeader(envelope, out var version, out var algorithmId, out var keyId))
        {
            throw Failure(null, "the value is truncated.");
        }

        if (version != Envelope.Version1)
        {
            throw Failure(null, $"envelope format version {version} is unknown.", damaged: false);
        }

        if (!AeadAlgorithms.IsDefined(algorithmId))
        {
            throw Failure(keyId, $"algorithm id {algorithmId} is unknown.", damaged: false);
        }

        if (!AeadAlgorithms.IsSupported((GdprEncryptionAlgorithm)algorithmId))
        {
            throw Failure(keyId, $"algorithm {(GdprEncryptionAlgorithm)algorithmId} is not supported on this machine (no AES instructions).", damaged: false);
        }

        var current = _current;
        if (current is not null && current.KeyId == keyId && (byte)current.Algorithm == algorithmId)
        {
            return current;
        }

        return _keys.TryGet(keyId, out var key)
            ? GetCipher(key, (GdprEncryptionAlgorithm)algorithmId)
            : throw Failure(keyId, _keys.WhyMissing(keyId), damaged: false);
    }

    private ColumnCipher GetCipher(DataKey key, GdprEncryptionAlgorithm algorithm)
        => _ciphers.GetOrAdd((key.Id, algorithm), static (id, state) =>
            new ColumnCipher(id.Algorithm, id.KeyId, state.Key.DeriveColumnKey(id.Algorithm, state.Context), state.Context),
            (Key: key, Context: _context));

    private PersonalDataDecryptionException Failure(uint? keyId, string reason, bool damaged = true) => new(Entity, Property, keyId, reason, damaged);
}
