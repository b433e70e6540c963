using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace MySocium.Gdpr.Consent;

/// <summary>
/// A request's decision. It also stands in for ASP.NET Core's <see cref="ITrackingConsentFeature"/>,
/// where "consent" means every optional category.
/// </summary>
internal sealed class GdprConsentFeature(ConsentCategoryTable table, ConsentService service, HttpContext context) : IGdprConsentFeature, ITrackingConsentFeature
{
    public ConsentStatus Status { get; private set; }

    public bool NeedsDecision => Status != ConsentStatus.Decided;

    public bool GlobalPrivacyControl { get; init; }

    public Guid? ConsentId { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public IReadOnlyList<string> Categories => table.Names;

    public HttpContext Context => context;

    public ConsentService Service => service;

    public ConsentCategoryTable Table => table;

    /// <summary>Gets the mask the cookie holds, current or not: what a new decision withdraws is measured against it.</summary>
    public uint Recorded { get; private set; }

    /// <summary>Gets the optional categories granted now: none without a current decision.</summary>
    public uint Granted => Status == ConsentStatus.Decided ? Recorded & table.OptionalMask : 0;

    bool ITrackingConsentFeature.IsConsentNeeded => true;

    bool ITrackingConsentFeature.HasConsent => Granted == table.OptionalMask;

    bool ITrackingConsentFeature.CanTrack => Granted == table.OptionalMask;

    public bool IsGranted(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        return category == ConsentCategories.Necessary || (table.TryGetBit(category, out var bit) && (Granted & bit) == bit);
    }

    public bool IsRefusedByGlobalPrivacyControl(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        return GlobalPrivacyControl && (table.RefusedByGpcMask & table.Bit(category)) != 0;
    }

    /// <summary>Takes what a verified cookie holds.</summary>
    public void Load(ConsentStatus status, Guid consentId, DateTimeOffset decidedAt, uint recorded)
    {
        Status = status;
        ConsentId = consentId;
        DecidedAt = decidedAt;
        Recorded = recorded;
    }

    void ITrackingConsentFeature.GrantConsent() => service.Decide(this, table.OptionalMask, ConsentMethod.Api);

    void ITrackingConsentFeature.WithdrawConsent() => service.Decide(this, 0, ConsentMethod.Api);

    string ITrackingConsentFeature.CreateConsentCookie() => throw new NotSupportedException(
        "MySocium.Gdpr records every consent decision in its ledger, so a consent cookie cannot be handed to a script. Post the decision to the consent endpoint (POST /gdpr/consent), or call HttpContext.SetConsentAsync.");
}
