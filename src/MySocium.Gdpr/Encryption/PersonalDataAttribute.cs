using Microsoft.Extensions.Compliance.Classification;

namespace MySocium.Gdpr;

/// <summary>
/// Marks a property as personal data. Unless <see cref="Encrypt"/> is <see langword="false"/>,
/// its values are encrypted at rest; it is part of the subject's export and erasure either way.
/// </summary>
/// <remarks>
/// ASP.NET Core Identity has an attribute of the same name in <c>Microsoft.AspNetCore.Identity</c>.
/// A file that imports both namespaces picks this one with an alias, which wins over both imports:
/// <c>using PersonalDataAttribute = MySocium.Gdpr.PersonalDataAttribute;</c> (or a
/// <c>global using</c> of the same). Identity's own <c>[PersonalData]</c> and
/// <c>[ProtectedPersonalData]</c> are honoured as they are: personal, and personal and encrypted.
/// It is a Microsoft.Extensions.Compliance data classification (<see cref="GdprTaxonomy.PersonalData"/>), so
/// the same annotation on a property or a logging method's parameter drives log redaction.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, Inherited = true, AllowMultiple = false)]
public sealed class PersonalDataAttribute() : DataClassificationAttribute(GdprTaxonomy.PersonalData)
{
    /// <summary>Gets or sets whether the values are encrypted at rest.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Encrypt { get; set; } = true;

    /// <summary>
    /// Gets or sets whether equality lookups (<c>Where(u =&gt; u.Email == email)</c>) work on the
    /// encrypted values, through a blind index: a keyed hash of the normalized value in a shadow column.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Searchable { get; set; }

    /// <summary>Gets or sets how a searchable value is normalized before it is indexed.</summary>
    /// <value>The default value is <see cref="Normalization.None"/>.</value>
    public Normalization Normalize { get; set; }

    /// <summary>
    /// Gets or sets a custom normalization for a searchable string: a type implementing
    /// <see cref="Encryption.IBlindIndexNormalizer"/>. It replaces <see cref="Normalize"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Type? Normalizer { get; set; }

    /// <summary>Gets or sets why the data is collected, as the privacy notice and export show it.</summary>
    /// <value>The default value is <see langword="null"/>: no purpose stated.</value>
    public string? Purpose { get; set; }

    /// <summary>Gets or sets the lawful basis of processing (Art. 6), as the record of processing and privacy notice show it.</summary>
    /// <value>The default value is <see cref="LegalBasis.Unspecified"/>.</value>
    public LegalBasis LegalBasis { get; set; }

    /// <summary>Gets or sets what kind of personal data this is.</summary>
    /// <value>The default value is <see cref="PersonalDataCategory.Unspecified"/>.</value>
    public PersonalDataCategory Category { get; set; }

    /// <summary>Gets or sets who else receives the data (processors, third parties), e.g. <c>["Stripe (payments)"]</c>.</summary>
    /// <value>The default value is <see langword="null"/>: nobody outside the controller.</value>
    public string[]? Recipients { get; set; }

    /// <summary>Gets or sets how encrypted values are stored.</summary>
    /// <value>The default value is <see cref="PersonalDataStorage.Binary"/>.</value>
    public PersonalDataStorage Storage { get; set; }
}
