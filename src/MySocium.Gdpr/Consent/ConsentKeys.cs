using MySocium.Gdpr.Keys;
using NSec.Cryptography;

namespace MySocium.Gdpr.Consent;

/// <summary>
/// The consent feature's keyed-hash keys, derived (domain separated) from the blind-index data
/// key, which the root key wraps: never an encryption key. Derived once per loaded data key.
/// </summary>
internal sealed class ConsentKeys(KeyRing ring)
{
    private Derived? _derived;

    /// <summary>Gets the key that signs consent cookies.</summary>
    public Key Cookie => Current().Cookie;

    /// <summary>Gets the key that chains the ledger's records.</summary>
    public Key Ledger => Current().Ledger;

    /// <summary>Gets the key that turns a subject id into the ledger's pseudonym.</summary>
    public Key Subject => Current().Subject;

    private Derived Current()
    {
        var source = ring.BlindIndex;
        var derived = _derived;
        if (derived is not null && ReferenceEquals(derived.Source, source))
        {
            return derived;
        }

        // A replaced derivation is not disposed: a concurrent request may still hold its keys.
        derived = new Derived(
            source,
            source.DeriveBlindIndexKey("consent\0cookie"u8),
            source.DeriveBlindIndexKey("consent\0ledger"u8),
            source.DeriveBlindIndexKey("consent\0subject"u8));
        _derived = derived;
        return derived;
    }

    private sealed record Derived(DataKey Source, Key Cookie, Key Ledger, Key Subject);
}
