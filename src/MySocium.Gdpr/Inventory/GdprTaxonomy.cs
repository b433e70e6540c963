using Microsoft.Extensions.Compliance.Classification;

namespace MySocium.Gdpr;

/// <summary>
/// MySocium.Gdpr's data classification, for Microsoft.Extensions.Compliance: <see cref="PersonalDataAttribute"/>
/// is a <see cref="DataClassificationAttribute"/> of <see cref="PersonalData"/>, so a host's redaction
/// (<c>AddRedaction(r =&gt; r.SetRedactor&lt;ErasingRedactor&gt;(GdprTaxonomy.PersonalData))</c>) masks the
/// values of <c>[PersonalData]</c> log parameters and properties.
/// </summary>
public static class GdprTaxonomy
{
    /// <summary>The taxonomy's name.</summary>
    public const string Name = "MySocium.Gdpr";

    /// <summary>Gets the classification of personal data.</summary>
    public static DataClassification PersonalData { get; } = new(Name, nameof(PersonalData));
}
