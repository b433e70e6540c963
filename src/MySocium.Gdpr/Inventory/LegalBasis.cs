namespace MySocium.Gdpr;

/// <summary>The lawful basis of processing, GDPR Art. 6(1).</summary>
public enum LegalBasis
{
    /// <summary>Not stated; the inventory reports it as missing.</summary>
    Unspecified,

    /// <summary>(a) The subject consented.</summary>
    Consent,

    /// <summary>(b) A contract with the subject needs it.</summary>
    Contract,

    /// <summary>(c) A legal obligation requires it.</summary>
    LegalObligation,

    /// <summary>(d) It protects someone's vital interests.</summary>
    VitalInterests,

    /// <summary>(e) A task in the public interest needs it.</summary>
    PublicTask,

    /// <summary>(f) The controller's legitimate interests, balanced against the subject's.</summary>
    LegitimateInterests,
}
