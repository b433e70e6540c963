using System.Globalization;
using System.Text;
using MySocium.Gdpr.Keys;
using NSec.Cryptography;

namespace MySocium.Gdpr.Notifications;

/// <summary>
/// The notification feature's keyed-hash keys, derived (domain separated) from the blind-index data
/// key, as the consent feature's are: never an encryption key. Derived once per loaded data key.
/// </summary>
internal sealed class NotificationKeys(KeyRing ring)
{
    private Derived? _derived;

    /// <summary>Gets the key that signs unsubscribe tokens.</summary>
    public Key Unsubscribe => Current().Unsubscribe;

    /// <summary>The suppression list's and opt-in records' key of an address: trimmed and lower-cased first.</summary>
    public string AddressHash(string address)
        => Mac(Current().Address, address.Trim().ToLowerInvariant());

    /// <summary>The pseudonym of a subject in the outbox, opt-in records and policy notices. A GUID hashes in one spelling.</summary>
    public string SubjectHash(object subjectId)
    {
        var id = Convert.ToString(subjectId, CultureInfo.InvariantCulture) ?? "";
        if (Guid.TryParse(id, CultureInfo.InvariantCulture, out var guid))
        {
            id = guid.ToString();
        }

        return Mac(Current().Subject, id);
    }

    private static string Mac(Key key, string value) => Convert.ToHexStringLower(MacAlgorithm.Blake2b_256.Mac(key, Encoding.UTF8.GetBytes(value)));

    private Derived Current()
    {
        var source = ring.BlindIndex;
        var derived = _derived;
        if (derived is not null && ReferenceEquals(derived.Source, source))
        {
            return derived;
        }

        // A replaced derivation is not disposed: a concurrent caller may still hold its keys.
        derived = new Derived(
            source,
            source.DeriveBlindIndexKey("notifications\0unsubscribe"u8),
            source.DeriveBlindIndexKey("notifications\0address"u8),
            source.DeriveBlindIndexKey("notifications\0subject"u8));
        _derived = derived;
        return derived;
    }

    private sealed record Derived(DataKey Source, Key Unsubscribe, Key Address, Key Subject);
}
