namespace MySocium.Gdpr;

/// <summary>Settings of the personal-data inventory, in the <c>Gdpr:Inventory</c> configuration section.</summary>
public sealed class GdprInventoryOptions
{
    /// <summary>
    /// Gets or sets the authorization policy <c>GET /gdpr/inventory</c> requires. When unset, the endpoint
    /// exists in Development only, open to anyone; elsewhere it exists only behind a named policy.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>
    /// Gets or sets whether the host refuses to start when a property looks like personal data (by its
    /// name or type) but carries no annotation, or personal data has no purpose. Without it, each is a
    /// start-up warning.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool StrictMinimization { get; set; }
}
