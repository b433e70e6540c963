namespace MySocium.Gdpr.Notifications;

/// <summary>
/// The privacy policy's published versions. The latest one in effect is the version the consent
/// banner asks about (falling back to <c>Gdpr:Consent:PolicyVersion</c> before any is published),
/// and every subject gets one notice of each new version.
/// </summary>
public interface IGdprPolicyVersions
{
    /// <summary>Gets the latest published version in effect on this instance, or null before any. Other instances see a new version within <c>Gdpr:Notifications:PolicyRefreshInterval</c>.</summary>
    GdprPolicyVersionInfo? Current { get; }

    /// <summary>
    /// Publishes a version and starts queuing its notice to every subject, in batches: resumable
    /// after an interruption, one notice per subject and version whatever instance runs it.
    /// Publishing the same version with the same text again changes nothing.
    /// </summary>
    /// <param name="version">The version's name, such as <c>2026-12-01</c> (at most 64 characters).</param>
    /// <param name="text">The policy's full text; only its SHA-256 is stored.</param>
    /// <param name="summary">What changed, for the notice.</param>
    /// <param name="effectiveAt">When it takes effect; the consent banner asks again from then on.</param>
    /// <param name="cancellationToken">Cancels the publishing.</param>
    /// <returns>The published version.</returns>
    /// <exception cref="InvalidOperationException">The version was published before with another text.</exception>
    Task<GdprPolicyVersionInfo> PublishAsync(string version, string text, string summary, DateTimeOffset effectiveAt, CancellationToken cancellationToken = default);

    /// <summary>Gets every published version, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The versions.</returns>
    Task<IReadOnlyList<GdprPolicyVersionInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Records that a subject acknowledged a version. Doing it again keeps the first time.</summary>
    /// <param name="subjectId">The subject's id (the user's primary key).</param>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Cancels the recording.</param>
    /// <returns>A task that completes once it is recorded.</returns>
    /// <exception cref="ArgumentException">No such version was published.</exception>
    Task AcknowledgeAsync(object subjectId, string version, CancellationToken cancellationToken = default);

    /// <summary>Gets when a subject acknowledged a version, or null if they did not.</summary>
    /// <param name="subjectId">The subject's id.</param>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The time of the acknowledgement, or null.</returns>
    Task<DateTimeOffset?> GetAcknowledgedAtAsync(object subjectId, string version, CancellationToken cancellationToken = default);

    /// <summary>Queues the notices still due for every published version, now (the background service does it too); returns how many it queued.</summary>
    /// <param name="cancellationToken">Cancels the run between batches; what was queued stays queued and a later run resumes.</param>
    /// <returns>The number of notices queued.</returns>
    Task<int> QueueNoticesAsync(CancellationToken cancellationToken = default);
}
