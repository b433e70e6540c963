namespace MySocium.Gdpr;

/// <summary>How a searchable value is normalized before its blind index is computed.</summary>
public enum Normalization
{
    /// <summary>The value is indexed as it is.</summary>
    None = 0,

    /// <summary>Leading and trailing white space is removed.</summary>
    Trim = 1,

    /// <summary>As <see cref="Notifications.GdprMailAddress.Normalize"/>: trimmed, lower-cased (invariant culture) and without a trailing dot, so <c>Ada@Example.org. </c> finds <c>ada@example.org</c>.</summary>
    Email = 2,

    /// <summary>Only the digits are kept (and a leading <c>+</c>), so <c>+44 20 7946-0000</c> finds <c>+442079460000</c>.</summary>
    Phone = 3,
}
