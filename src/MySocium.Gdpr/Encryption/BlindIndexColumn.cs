using System.Buffers;
using System.Text;
using MySocium.Gdpr.Keys;
using NSec.Cryptography;

namespace MySocium.Gdpr.Encryption;

/// <summary>
/// The blind index of one searchable property: a BLAKE2b MAC of the normalized value's canonical
/// bytes, under a key derived for this column from the blind-index data key. Equal values have
/// equal indexes; nothing else about the value can be read from it.
/// </summary>
internal sealed class BlindIndexColumn
{
    public const int IndexSize = 32;

    private const int StackLimit = 256;

    private static readonly MacAlgorithm Mac = MacAlgorithm.Blake2b_256;

    private readonly KeyRing _keys;
    private readonly byte[] _context;
    private CachedKey? _key;

    public BlindIndexColumn(KeyRing keys, string entity, string property)
    {
        _keys = keys;
        _context = Encoding.UTF8.GetBytes($"{entity}\0{property}");
    }

    public byte[] Compute<T>(T value, PlaintextCodec<T> codec)
    {
        var key = Key();
        var length = codec.GetByteCount(value);
        byte[]? rented = null;
        var canonical = length <= StackLimit
            ? stackalloc byte[StackLimit]
            : rented = ArrayPool<byte>.Shared.Rent(length);
        canonical = canonical[..length];
        try
        {
            codec.Write(value, canonical);
            var index = new byte[IndexSize];
            Mac.Mac(key, canonical, index);
            return index;
        }
        finally
        {
            canonical.Clear();
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private Key Key()
    {
        var source = _keys.BlindIndex;
        var cached = _key;
        if (cached is not null && ReferenceEquals(cached.Source, source))
        {
            return cached.Key;
        }

        var key = source.DeriveBlindIndexKey(_context);
        _key = new CachedKey(source, key);
        return key;
    }

    private sealed record CachedKey(DataKey Source, Key Key);
}
