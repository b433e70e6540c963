using MySocium.Gdpr.Keys;
using NSec.Cryptography;

namespace MySocium.Gdpr.Notifications;

/// <summary>The notification feature's keyed hashes: unsubscribe-token signatures and the pseudonyms of addresses and subjects.</summary>
internal sealed class NotificationKeys(KeyedHashes hashes)
{
    /// <summary>Gets the key that signs unsubscribe tokens.</summary>
    public Key Unsubscribe => hashes.KeyFor("notifications\0unsubscribe");

    /// <summary>The suppression list's and opt-in records' key of an address: trimmed and lower-cased first.</summary>
    public string AddressHash(string address) => hashes.Hash("notifications\0address", GdprMailAddress.Normalize(address));

    /// <summary>The pseudonym of a subject in the outbox, opt-in records and policy notices.</summary>
    public string SubjectHash(object subjectId) => hashes.SubjectHash("notifications\0subject", subjectId);
}
