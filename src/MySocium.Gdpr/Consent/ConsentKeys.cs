using MySocium.Gdpr.Keys;
using NSec.Cryptography;

namespace MySocium.Gdpr.Consent;

/// <summary>The consent feature's keyed hashes: the cookie's signature, the ledger's chain and the subject's pseudonym.</summary>
internal sealed class ConsentKeys(KeyedHashes hashes)
{
    /// <summary>Gets the key that signs consent cookies.</summary>
    public Key Cookie => hashes.KeyFor("consent\0cookie");

    /// <summary>Gets the key that chains the ledger's records.</summary>
    public Key Ledger => hashes.KeyFor("consent\0ledger");

    /// <summary>The ledger's pseudonym of a subject.</summary>
    public string SubjectHash(string subjectId) => hashes.SubjectHash("consent\0subject", subjectId);
}
