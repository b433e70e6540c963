namespace MySocium.Gdpr.Consent;

/// <summary>Where a visitor's consent decision stands.</summary>
public enum ConsentStatus
{
    /// <summary>No decision, or none that can be trusted (a forged, tampered or malformed cookie): only necessary cookies.</summary>
    Undecided,

    /// <summary>A decision for the current policy and cookie declarations, within its lifetime.</summary>
    Decided,

    /// <summary>A decision made under an earlier policy version or other cookie declarations: only necessary cookies until the visitor decides again.</summary>
    Outdated,

    /// <summary>A decision older than <see cref="GdprConsentOptions.Lifetime"/>: only necessary cookies until the visitor decides again.</summary>
    Expired,
}
