using System.ComponentModel.DataAnnotations;

namespace MySocium.Gdpr.Consent;

/// <summary>Settings of cookie consent, in the <c>Gdpr:Consent</c> configuration section.</summary>
public sealed class GdprConsentOptions
{
    /// <summary>Gets or sets the name of the signed cookie that holds the visitor's decision.</summary>
    /// <value>The default value is <c>.MySocium.Consent</c>.</value>
    [Required(ErrorMessage = "Gdpr:Consent:CookieName is required, such as '.MySocium.Consent'.")]
    [RegularExpression(
        "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$",
        ErrorMessage = "Gdpr:Consent:CookieName must be a cookie name: letters, digits and !#$%&'*+.^_`|~- only.")]
    public string CookieName { get; set; } = ".MySocium.Consent";

    /// <summary>
    /// Gets or sets the version of the privacy policy the visitor consents to. Changing it, or the
    /// cookie declarations, makes every earlier decision stale: the banner asks again.
    /// </summary>
    /// <value>The default value is <c>1</c>.</value>
    [Required(ErrorMessage = "Gdpr:Consent:PolicyVersion is required, such as '2026-11-01'.")]
    [StringLength(64, ErrorMessage = "Gdpr:Consent:PolicyVersion must be at most 64 characters.")]
    public string PolicyVersion { get; set; } = "1";

    /// <summary>Gets or sets how long a decision holds before the banner asks again.</summary>
    /// <value>The default value is 180 days.</value>
    [SettingRange(typeof(TimeSpan), "1.00:00:00", "400.00:00:00", ErrorMessage = "Gdpr:Consent:Lifetime must be between 1 and 400 days.")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(180);

    /// <summary>
    /// Gets the host's own optional categories, besides <c>preferences</c>, <c>analytics</c> and
    /// <c>marketing</c>. A name is lower-case letters, digits and '-'.
    /// </summary>
    public IList<string> Categories { get; } = [];

    /// <summary>
    /// Gets the cookies the application sets and the category of each. A cookie of a category
    /// without consent never reaches the browser; a cookie declared nowhere counts as
    /// <c>necessary</c> only when the framework's own options name it (authentication, session,
    /// antiforgery), and is otherwise blocked until declared.
    /// </summary>
    public IList<GdprCookieDeclaration> Cookies { get; } = [];

    /// <summary>Gets the categories that a <c>Sec-GPC: 1</c> request header refuses, unless the visitor chose otherwise.</summary>
    /// <value>The default value is <c>marketing</c>.</value>
    public IList<string> RefusedByGlobalPrivacyControl { get; } = [ConsentCategories.Marketing];

    /// <summary>Gets or sets what the consent ledger keeps of the visitor's IP address.</summary>
    /// <value>The default value is <see cref="ConsentIpAddressHandling.Drop"/>.</value>
    [EnumDataType(typeof(ConsentIpAddressHandling), ErrorMessage = "Gdpr:Consent:IpAddress must be Drop or Truncate.")]
    public ConsentIpAddressHandling IpAddress { get; set; } = ConsentIpAddressHandling.Drop;
}
