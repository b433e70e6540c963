namespace MySocium.Gdpr;

/// <summary>
/// How <c>UseMySociumGdpr()</c> keeps requests on HTTPS, in the <c>Gdpr:Https</c> configuration
/// section. Outside Development a plain-HTTP request is redirected to HTTPS and HTTPS responses
/// carry <c>Strict-Transport-Security</c>; the host must not start unless the HTTPS port is known.
/// Behind a proxy that terminates TLS, run the forwarded-headers middleware first so requests
/// show their original scheme.
/// </summary>
public sealed class GdprHttpsOptions
{
    /// <summary>
    /// Gets or sets the port plain-HTTP requests are redirected to. When unset, the port comes from
    /// ASP.NET Core's <c>HttpsRedirectionOptions.HttpsPort</c>, then the <c>HTTPS_PORTS</c> or
    /// <c>HTTPS_PORT</c> setting.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    [SettingRange(1, 65535, ErrorMessage = "Gdpr:Https:Port must be a port number between 1 and 65535.")]
    public int? Port { get; set; }

    /// <summary>
    /// Gets or sets whether plain HTTP is served outside Development too. Only for a host that is
    /// reached solely through a TLS-terminating proxy it cannot learn the scheme from.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AllowHttp { get; set; }

    /// <summary>Gets or sets how long browsers keep to HTTPS after a response (<c>Strict-Transport-Security: max-age</c>).</summary>
    /// <value>The default value is 365 days.</value>
    [SettingRange(typeof(TimeSpan), "00:00:00", "730.00:00:00", ErrorMessage = "Gdpr:Https:HstsMaxAge must be between 0 and 730 days.")]
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Gets or sets whether HSTS covers every subdomain too (<c>includeSubDomains</c>).</summary>
    /// <value>The default value is <see langword="false"/>: a subdomain served elsewhere may still need HTTP.</value>
    public bool HstsIncludeSubDomains { get; set; }
}
