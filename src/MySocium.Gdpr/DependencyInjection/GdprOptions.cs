using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Consent;
using MySocium.Gdpr.Encryption;
using MySocium.Gdpr.Notifications;
using MySocium.Gdpr.Sessions;
using MySocium.Gdpr.Retention;

namespace MySocium.Gdpr;

/// <summary>
/// Settings of MySocium.Gdpr, bound from the <c>Gdpr</c> configuration section or set in code,
/// and validated when the host starts.
/// </summary>
public sealed class GdprOptions
{
    /// <summary>
    /// Gets or sets the path under which <c>MapMySociumGdpr()</c> maps the library's endpoints
    /// (consent, unsubscribe, inventory).
    /// </summary>
    /// <value>The default value is <c>/gdpr</c>.</value>
    [Required(ErrorMessage = "Gdpr:RoutePrefix is required; use a path such as '/gdpr'.")]
    [RegularExpression(
        "^(/[A-Za-z0-9._~-]+)+$",
        ErrorMessage = "Gdpr:RoutePrefix must be a path that starts with '/', does not end with '/' and holds only letters, digits and . _ ~ -, such as '/gdpr'.")]
    public string RoutePrefix { get; set; } = "/gdpr";

    /// <summary>Gets the settings of encryption at rest (<c>Gdpr:Encryption</c>).</summary>
    [ValidateObjectMembers]
    public GdprEncryptionOptions Encryption { get; } = new();

    /// <summary>Gets the settings of cookie consent (<c>Gdpr:Consent</c>).</summary>
    [ValidateObjectMembers]
    public GdprConsentOptions Consent { get; } = new();

    /// <summary>Gets how requests are kept on HTTPS (<c>Gdpr:Https</c>).</summary>
    [ValidateObjectMembers]
    public GdprHttpsOptions Https { get; } = new();

    /// <summary>Gets the settings of sign-in sessions and the logout wipe (<c>Gdpr:Sessions</c>).</summary>
    [ValidateObjectMembers]
    public GdprSessionOptions Sessions { get; } = new();

    /// <summary>Gets the settings of the personal-data inventory (<c>Gdpr:Inventory</c>).</summary>
    public GdprInventoryOptions Inventory { get; } = new();

    /// <summary>Gets the settings of retention: when IP addresses are anonymized and rows deleted (<c>Gdpr:Retention</c>).</summary>
    [ValidateObjectMembers]
    public GdprRetentionOptions Retention { get; } = new();

    /// <summary>Gets the settings of account-activity, policy-update and bulk mail (<c>Gdpr:Notifications</c>).</summary>
    [ValidateObjectMembers]
    public GdprNotificationOptions Notifications { get; } = new();
}
