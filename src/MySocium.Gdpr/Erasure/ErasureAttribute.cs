namespace MySocium.Gdpr.Erasure;

/// <summary>
/// Says what erasing a subject does to rows that reference it, when the default is not right.
/// On an entity class it applies to every reference the entity has to the subject's data; on a
/// foreign-key property or reference navigation, to that reference only (for an entity that
/// references the subject twice, such as a post's author and its last editor).
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class ErasureAttribute(ErasureAction action) : Attribute
{
    /// <summary>Gets what happens to the rows.</summary>
    public ErasureAction Action { get; } = action;

    /// <summary>Gets or sets why the rows are kept (required with <see cref="ErasureAction.Retain"/>), e.g. "Invoices are kept ten years (tax law)".</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Reason { get; set; }
}
