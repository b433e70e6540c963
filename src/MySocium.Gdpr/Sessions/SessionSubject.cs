using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.Sessions;

/// <summary>Links a stored ticket to its subject without storing who the subject is.</summary>
internal static class SessionSubject
{
    /// <summary>The subject's pseudonym for sessions (a GUID hashes in one spelling, claim or key).</summary>
    public static string Hash(KeyedHashes hashes, object subjectId) => hashes.SubjectHash("session\0subject", subjectId);
}
