namespace MySocium.Gdpr.Consent;

/// <summary>How a consent decision was given, as the ledger records it.</summary>
public enum ConsentMethod
{
    /// <summary>Through an application programming interface call.</summary>
    Api,

    /// <summary>In the consent banner.</summary>
    Banner,

    /// <summary>On a settings page, after the first decision.</summary>
    SettingsPage,

    /// <summary>By the browser's Global Privacy Control signal, when the host records the refusal it implies (<c>HttpContext.SetConsentAsync</c>); the consent endpoint does not accept it from clients.</summary>
    GlobalPrivacyControl,
}
