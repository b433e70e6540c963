using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Inventory;

/// <summary>What the library keeps about people in the host's database, for the inventory.</summary>
internal static class LibraryStores
{
    public static readonly IReadOnlyList<InventoryStore> All =
    [
        new("Consent ledger", "GdprConsentRecords", "a pseudonymous consent id, a keyed hash of the signed-in subject's id, the categories granted and refused, when, the policy version, and the IP address only if configured (truncated)", "Proof of consent (GDPR Art. 7(1)); kept after erasure"),
        new("Sign-in sessions", "GdprAuthenticationTickets", "the encrypted authentication ticket, a keyed hash of the subject's id, and its expiry", "Keeping you signed in, and ending every session at logout or erasure"),
        new("Erasure receipts", "GdprErasureReceipts", "a keyed hash of the erased subject's id and how many rows each step removed; no personal data", "Accountability: proof that an erasure happened"),
    ];

    public static bool IsLibraryType(Type type) => GdprStoreConvention.StoreTypes.Contains(type);
}
