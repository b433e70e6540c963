using System.ComponentModel.DataAnnotations;
using System.Security.Claims;

namespace MySocium.Gdpr.Sessions;

/// <summary>Settings of sign-in sessions and the logout wipe, in the <c>Gdpr:Sessions</c> configuration section.</summary>
public sealed class GdprSessionOptions
{
    /// <summary>
    /// Gets or sets whether every cookie-authentication scheme without a
    /// <see cref="Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions.SessionStore"/>
    /// keeps its tickets in the host's database, encrypted, so the cookie holds only a reference:
    /// signing out deletes the ticket and a copy of the old cookie no longer authenticates, on every
    /// application instance that shares the database. Turning it on signs out the cookies issued
    /// before, once.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool StoreTickets { get; set; } = true;

    /// <summary>
    /// Gets or sets the claim that holds the subject's id (the primary key that erasure takes), so
    /// that erasing a subject ends their sessions. Stored tickets keep only a keyed hash of it.
    /// </summary>
    /// <value>The default value is <see cref="ClaimTypes.NameIdentifier"/>, as ASP.NET Core Identity issues it.</value>
    [Required(ErrorMessage = "Gdpr:Sessions:SubjectClaimType is required, such as '" + ClaimTypes.NameIdentifier + "'.")]
    public string SubjectClaimType { get; set; } = ClaimTypes.NameIdentifier;

    /// <summary>
    /// Gets the claims whose change at a sign-in moves the session to a new key, as a change of holder
    /// does: a copy of the cookie taken before then reaches nothing. With ASP.NET Core Identity's
    /// security stamp here, <c>RefreshSignInAsync</c> after a password change shuts out a stolen copy of
    /// the cookie, as the stamp in a cookie-held ticket would.
    /// </summary>
    /// <value>The default value holds <c>AspNet.Identity.SecurityStamp</c>, Identity's security-stamp claim.</value>
    public IList<string> KeyRotationClaimTypes { get; } = ["AspNet.Identity.SecurityStamp"];

    /// <summary>
    /// Gets or sets whether signing out of a scheme whose tickets the library stores also does the
    /// rest of the wipe that <see cref="GdprHttpContextExtensions.WipeSessionAsync"/> does: it
    /// clears the server session and, unless the request signs in again, expires the request's
    /// cookies and sends <c>Cache-Control: no-store</c> and <see cref="ClearSiteData"/>.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool WipeOnSignOut { get; set; } = true;

    /// <summary>Gets or sets whether the wipe keeps the consent cookie (<c>Gdpr:Consent:CookieName</c>), so the visitor is not asked again.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool KeepConsentCookie { get; set; } = true;

    /// <summary>Gets the other cookies the wipe keeps: names, or prefixes ending with <c>*</c> (such as <c>lang*</c>).</summary>
    /// <value>The default value is empty.</value>
    public IList<string> KeepCookies { get; } = [];

    /// <summary>
    /// Gets or sets what the wipe's <c>Clear-Site-Data</c> header asks the browser to delete; in
    /// configuration, names separated by commas (<c>"Cache, Storage"</c>) or <c>None</c>.
    /// <see cref="ClearSiteDataTypes.Cookies"/> is left out by default because it deletes the
    /// cookies of the whole registrable domain, the consent cookie and other sites' included.
    /// </summary>
    /// <value>The default value is <see cref="ClearSiteDataTypes.Cache"/> and <see cref="ClearSiteDataTypes.Storage"/>.</value>
    [EnumDataType(typeof(ClearSiteDataTypes), ErrorMessage = "Gdpr:Sessions:ClearSiteData must be None or a comma-separated list of Cache, Storage, Cookies and ExecutionContexts.")]
    public ClearSiteDataTypes ClearSiteData { get; set; } = ClearSiteDataTypes.Cache | ClearSiteDataTypes.Storage;

    /// <summary>Gets or sets how often each instance deletes the stored tickets that have expired.</summary>
    /// <value>The default value is one hour. It must be between one minute and one day.</value>
    public TimeSpan ExpiredTicketCleanupInterval { get; set; } = TimeSpan.FromHours(1);
}
