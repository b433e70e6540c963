using System.Text;
using MySocium.Gdpr.Keys;
using NSec.Cryptography;

namespace MySocium.Gdpr.Retention;

/// <summary>
/// Hashes user agents with a key derived (domain separated) from the blind-index data key, so a
/// stored hash cannot be matched against a list of common user agents without the key.
/// </summary>
internal sealed class UserAgentHasher(KeyRing ring)
{
    private (DataKey Source, Key Key)? _derived;

    /// <summary>The lower-case hex keyed hash of <paramref name="userAgent"/>, or null for none.</summary>
    public string? Hash(string? userAgent)
        => string.IsNullOrEmpty(userAgent) ? null : Convert.ToHexStringLower(MacAlgorithm.Blake2b_256.Mac(Current(), Encoding.UTF8.GetBytes(userAgent)));

    private Key Current()
    {
        var source = ring.BlindIndex;
        if (_derived is { } derived && ReferenceEquals(derived.Source, source))
        {
            return derived.Key;
        }

        // A replaced key is not disposed: a concurrent request may still be hashing with it.
        var key = source.DeriveBlindIndexKey("login\0user-agent"u8);
        _derived = (source, key);
        return key;
    }
}
