namespace MySocium.Gdpr;

/// <summary>What kind of personal data a property holds, as the record of processing groups it.</summary>
public enum PersonalDataCategory
{
    /// <summary>Not stated.</summary>
    Unspecified,

    /// <summary>Who the subject is: names, user names, identifiers.</summary>
    Identity,

    /// <summary>How to reach the subject: email addresses, phone numbers, postal addresses.</summary>
    Contact,

    /// <summary>Where the subject is or was.</summary>
    Location,

    /// <summary>Network traces: IP addresses, user agents, device identifiers.</summary>
    Network,

    /// <summary>What the subject wrote or uploaded.</summary>
    Content,

    /// <summary>Payments, invoices, bank details.</summary>
    Financial,

    /// <summary>How the subject signs in: credentials, tokens, security stamps.</summary>
    Authentication,

    /// <summary>What the subject did: activity, preferences, usage.</summary>
    Behaviour,

    /// <summary>Special categories of Art. 9 (health, beliefs, biometrics…): handle with extra care.</summary>
    Special,

    /// <summary>Anything else.</summary>
    Other,
}
