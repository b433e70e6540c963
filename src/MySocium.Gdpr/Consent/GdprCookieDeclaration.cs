namespace MySocium.Gdpr.Consent;

/// <summary>A cookie the application sets, or a family of them, and the consent category it needs.</summary>
public sealed class GdprCookieDeclaration
{
    /// <summary>Gets or sets the cookie's name, or a prefix ending with <c>*</c> (such as <c>_ga*</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the category: <c>necessary</c>, <c>preferences</c>, <c>analytics</c>, <c>marketing</c> or one of the host's.</summary>
    public string Category { get; set; } = "";

    /// <summary>Gets or sets why the cookie is set, as the privacy notice states it.</summary>
    public string? Purpose { get; set; }

    /// <summary>Gets or sets the path the cookie is set on, for expiring it on withdrawal.</summary>
    /// <value>The default value is <c>/</c>.</value>
    public string Path { get; set; } = "/";

    /// <summary>Gets or sets the domain the cookie is set on, if not the request's host, for expiring it on withdrawal.</summary>
    public string? Domain { get; set; }
}
