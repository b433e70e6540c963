namespace MySocium.Gdpr.Consent;

/// <summary>
/// Google Consent Mode v2 from the server-side decision: storage and ad signals follow
/// <c>marketing</c>, analytics follows <c>analytics</c>, functionality and personalization follow
/// <c>preferences</c>; security storage is always granted.
/// </summary>
internal static class GoogleConsentModeSignals
{
    public static IReadOnlyDictionary<string, string> Of(IGdprConsentFeature consent)
    {
        string Signal(string category) => consent.IsGranted(category) ? "granted" : "denied";
        return new Dictionary<string, string>
        {
            ["ad_storage"] = Signal(ConsentCategories.Marketing),
            ["ad_user_data"] = Signal(ConsentCategories.Marketing),
            ["ad_personalization"] = Signal(ConsentCategories.Marketing),
            ["analytics_storage"] = Signal(ConsentCategories.Analytics),
            ["functionality_storage"] = Signal(ConsentCategories.Preferences),
            ["personalization_storage"] = Signal(ConsentCategories.Preferences),
            ["security_storage"] = "granted",
        };
    }
}
