namespace MySocium.Gdpr.Consent;

/// <summary>
/// The visitor's consent decision for the current request, set on <c>HttpContext.Features</c> by
/// <c>UseMySociumGdpr()</c>. Only a decision for the current policy, within its lifetime, grants anything.
/// </summary>
public interface IGdprConsentFeature
{
    /// <summary>Gets where the decision stands.</summary>
    ConsentStatus Status { get; }

    /// <summary>Gets whether the banner should ask: there is no current decision.</summary>
    bool NeedsDecision { get; }

    /// <summary>Gets whether the request carries <c>Sec-GPC: 1</c>.</summary>
    bool GlobalPrivacyControl { get; }

    /// <summary>Gets the pseudonymous id of the decision's ledger records, or <see langword="null"/> before the first decision.</summary>
    Guid? ConsentId { get; }

    /// <summary>Gets when the decision was made, or <see langword="null"/> before the first decision.</summary>
    DateTimeOffset? DecidedAt { get; }

    /// <summary>Gets every category, necessary first.</summary>
    IReadOnlyList<string> Categories { get; }

    /// <summary>Gets whether a category is allowed: <c>necessary</c> always, an optional one only with a current decision that grants it.</summary>
    /// <param name="category">A category name.</param>
    /// <returns><see langword="true"/> if cookies of the category may be set.</returns>
    bool IsGranted(string category);

    /// <summary>Gets whether the request's Global Privacy Control signal refuses a category (which an explicit decision overrides).</summary>
    /// <param name="category">A category name.</param>
    /// <returns><see langword="true"/> if the request carries <c>Sec-GPC: 1</c> and the options name the category.</returns>
    bool IsRefusedByGlobalPrivacyControl(string category);
}
