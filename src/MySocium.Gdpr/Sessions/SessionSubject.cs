using System.Globalization;
using System.Text;
using MySocium.Gdpr.Keys;
using NSec.Cryptography;

namespace MySocium.Gdpr.Sessions;

/// <summary>Links a stored ticket to its subject without storing who the subject is.</summary>
internal static class SessionSubject
{
    /// <summary>
    /// BLAKE2b of the subject's id under a key derived for sessions. A claim and a primary key
    /// hash alike: ids that parse as a GUID are hashed in one spelling.
    /// </summary>
    public static string Hash(KeyRing keys, object subjectId)
    {
        var id = Convert.ToString(subjectId, CultureInfo.InvariantCulture) ?? "";
        if (Guid.TryParse(id, CultureInfo.InvariantCulture, out var guid))
        {
            id = guid.ToString();
        }

        using var key = keys.BlindIndex.DeriveBlindIndexKey("session\0subject"u8);
        return Convert.ToHexStringLower(MacAlgorithm.Blake2b_256.Mac(key, Encoding.UTF8.GetBytes(id)));
    }
}
