using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using NSec.Cryptography;

namespace MySocium.Gdpr.Keys;

/// <summary>
/// Keyed BLAKE2b-256 hashes (pseudonyms of subjects and addresses, token and cookie signatures), one
/// key per purpose, derived (domain separated) from the blind-index data key, which the root key wraps:
/// never an encryption key. Each key is derived once per loaded data key.
/// </summary>
internal sealed class KeyedHashes(KeyRing ring)
{
    private Derivations? _derivations;

    /// <summary>Gets the key of a purpose, such as <c>"consent\0cookie"</c>.</summary>
    public Key KeyFor(string purpose)
    {
        var source = ring.BlindIndex;
        var derivations = _derivations;
        if (derivations is null || !ReferenceEquals(derivations.Source, source))
        {
            // A replaced derivation is not disposed: a concurrent caller may still hold its keys.
            derivations = new Derivations(source);
            _derivations = derivations;
        }

        return derivations.Keys.GetOrAdd(purpose, static (p, s) => s.DeriveBlindIndexKey(Encoding.UTF8.GetBytes(p)), source);
    }

    /// <summary>The lower-case hex keyed hash of <paramref name="value"/>'s UTF-8.</summary>
    public string Hash(string purpose, string value)
        => Convert.ToHexStringLower(MacAlgorithm.Blake2b_256.Mac(KeyFor(purpose), Encoding.UTF8.GetBytes(value)));

    /// <summary>
    /// The pseudonym of a subject for one purpose. A primary key and a claim hash alike: an id that
    /// parses as a GUID is hashed in one spelling.
    /// </summary>
    public string SubjectHash(string purpose, object subjectId)
    {
        var id = Convert.ToString(subjectId, CultureInfo.InvariantCulture) ?? "";
        return Hash(purpose, Guid.TryParse(id, CultureInfo.InvariantCulture, out var guid) ? guid.ToString() : id);
    }

    private sealed record Derivations(DataKey Source)
    {
        public ConcurrentDictionary<string, Key> Keys { get; } = new(StringComparer.Ordinal);
    }
}
