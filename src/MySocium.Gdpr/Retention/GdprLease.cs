using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace MySocium.Gdpr.Retention;

/// <summary>
/// A lease on background work that must not run on two instances at once, on databases without
/// advisory locks: the holder renews it as it goes; a crashed holder's lease expires.
/// </summary>
[Table("GdprLeases")]
internal sealed class GdprLease
{
    [Key]
    [MaxLength(100)]
    public string Name { get; set; } = "";

    /// <summary>A random id of the run holding the lease.</summary>
    [MaxLength(32)]
    public string Holder { get; set; } = "";

    /// <summary>When the lease ends unless renewed, in Unix milliseconds (a number compares alike on every provider).</summary>
    public long ExpiresAt { get; set; }
}
