using System.Globalization;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Inventory;

/// <summary>What the library keeps about people in the host's database, for the inventory.</summary>
internal static class LibraryStores
{
    /// <summary>The stores, with the retention the options set.</summary>
    public static IReadOnlyList<InventoryStore> For(GdprOptions options) =>
    [
        new("Consent ledger", "GdprConsentRecords", "a pseudonymous consent id, a keyed hash of the signed-in subject's id, the categories granted and refused, when, the policy version, and the IP address only if configured (truncated)", "Proof of consent (GDPR Art. 7(1)); kept after erasure"),
        new("Sign-in sessions", "GdprAuthenticationTickets", "the encrypted authentication ticket, a keyed hash of the subject's id, and its expiry", "Keeping you signed in, and ending every session at logout or erasure"),
        new("Erasure receipts", "GdprErasureReceipts", "a keyed hash of the erased subject's id and how many rows each step removed; no personal data", "Accountability: proof that an erasure happened"),
        new("Erasure journal", "GdprErasureJournal", "the encrypted id of an erased subject and the names of the erasure's parts outside the database still to run", "Finishing an erasure after a failure or a crash; each entry is deleted once those parts have run"),
        new("Mail outbox", "GdprOutbox", "the encrypted address, name, subject and body of a message until it is sent, then only its kind and when it was sent", string.Create(CultureInfo.InvariantCulture, $"Sending account-activity, privacy-policy and newsletter mail; a sent message's row is deleted {options.Notifications.SentRetention.TotalDays:0.##} days after sending, and erasure drops the subject's unsent mail")),
        new("Mail opt-ins", "GdprMailOptIns", "a keyed hash of the address and of the subject's id, where and when the opt-in was given, and an encrypted reference to its evidence", "Proof that you asked for newsletter mail; kept after erasure without the reference"),
        new("Mail suppression list", "GdprMailSuppressions", "a keyed hash of an address that unsubscribed or was erased, and when", "Sending no more newsletter mail to an address that unsubscribed or was erased"),
        new("Policy notices", "GdprPolicyNotices", "a keyed hash of the subject's id, the privacy-policy version, when you were told of it and when you acknowledged it", "Telling you once of each privacy-policy version, and proof that we did; kept after erasure"),
    ];

    public static bool IsLibraryType(Type type) => GdprStoreConvention.StoreTypes.Contains(type);
}
