using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace MySocium.Gdpr.Keys;

/// <summary>A data key as the host's database stores it: wrapped by the root key, never in clear.</summary>
[Table("GdprDataKeys")]
internal sealed class GdprDataKey
{
    [Key]
    [DatabaseGenerated(DatabaseGeneratedOption.None)]
    public int Id { get; set; }

    public DataKeyPurpose Purpose { get; set; }

    [Required]
    public byte[] WrappedKey { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the key starts encrypting new values; until then it only decrypts.</summary>
    public DateTimeOffset ActivatesAt { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }
}
