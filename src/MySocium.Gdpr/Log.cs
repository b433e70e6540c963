using Microsoft.Extensions.Logging;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr;

/// <summary>The library's log messages. None carries personal data or key material.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Created data key {KeyId} ({Purpose}).")]
    public static partial void DataKeyCreated(ILogger logger, int keyId, DataKeyPurpose purpose);

    [LoggerMessage(2, LogLevel.Information, "Loaded {Count} data keys; new values are encrypted under key {CurrentKeyId}.")]
    public static partial void DataKeysLoaded(ILogger logger, int count, uint currentKeyId);

    [LoggerMessage(3, LogLevel.Information, "Re-encryption scanned {Scanned} rows and moved {Rewritten} values to the current key.")]
    public static partial void ReencryptionFinished(ILogger logger, long scanned, long rewritten);

    [LoggerMessage(4, LogLevel.Information, "Plaintext migration (dry run: {DryRun}) scanned {Scanned} rows, found {Pending} values to encrypt or index, rewrote {Rewritten}.")]
    public static partial void MigrationFinished(ILogger logger, bool dryRun, long scanned, long pending, long rewritten);

    [LoggerMessage(5, LogLevel.Information, "Retired data key {KeyId}.")]
    public static partial void DataKeyRetired(ILogger logger, int keyId);

    [LoggerMessage(6, LogLevel.Error, "Background re-encryption failed; it runs again after the next rotation or restart.")]
    public static partial void ReencryptionFailed(ILogger logger, Exception exception);

    [LoggerMessage(7, LogLevel.Warning, "Re-reading the data keys failed; the keys loaded before stay in use.")]
    public static partial void KeyRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(8, LogLevel.Information, "Erased subject {SubjectHash}: {Rows} rows deleted or detached.")]
    public static partial void SubjectErased(ILogger logger, string subjectHash, int rows);

    [LoggerMessage(9, LogLevel.Error, "Erasure participant {Participant} failed with {ExceptionType}; the receipt records it.")]
    public static partial void ErasureParticipantFailed(ILogger logger, string participant, string exceptionType);

    [LoggerMessage(10, LogLevel.Warning, "Erasure participant {Participant} is in the erasure journal but no longer registered; the entry stays until it is registered again and runs.")]
    public static partial void ErasureParticipantMissing(ILogger logger, string participant);

    [LoggerMessage(11, LogLevel.Information, "Finished the parts outside the database of {Count} earlier erasures from the erasure journal.")]
    public static partial void ErasureJournalResumed(ILogger logger, int count);

    [LoggerMessage(12, LogLevel.Information, "Erasure journal entries are held by another instance until {HeldUntil:u}; this instance tries them again then.")]
    public static partial void ErasureJournalHeld(ILogger logger, DateTime heldUntil);

    [LoggerMessage(13, LogLevel.Error, "Finishing the erasure journal failed; it runs again at the next start or erasure.")]
    public static partial void ErasureJournalFailed(ILogger logger, Exception exception);

    [LoggerMessage(90, LogLevel.Information, "Reloaded the data keys: a stored value names key {KeyId}, which this instance had not loaded.")]
    public static partial void DataKeysReloaded(ILogger logger, uint keyId);

    [LoggerMessage(91, LogLevel.Warning, "Reloading the data keys for key {KeyId}, named by a stored value, failed; the value cannot be read.")]
    public static partial void KeyReloadFailed(ILogger logger, uint keyId, Exception exception);

    [LoggerMessage(92, LogLevel.Debug, "Re-read the data keys: still {Count}, new values under key {CurrentKeyId}.")]
    public static partial void DataKeysUnchanged(ILogger logger, int count, uint currentKeyId);

    [LoggerMessage(93, LogLevel.Information, "Data key {KeyId} is now current; re-encrypting the values under older keys.")]
    public static partial void DataKeyActivated(ILogger logger, int keyId);

    [LoggerMessage(20, LogLevel.Information, "Exported a {Subject}'s data: {Rows} rows from {Entities} entities.")]
    public static partial void SubjectExported(ILogger logger, string subject, long rows, int entities);

    [LoggerMessage(30, LogLevel.Warning, "Blocked the cookie {CookieName}: it is declared in no consent category. Declare it in Gdpr:Consent:Cookies.")]
    public static partial void UndeclaredCookieBlocked(ILogger logger, string cookieName);

    [LoggerMessage(40, LogLevel.Information, "Wiped a session: signed out of {SchemeCount} authentication schemes and expired {CookieCount} cookies.")]
    public static partial void SessionWiped(ILogger logger, int schemeCount, int cookieCount);

    [LoggerMessage(41, LogLevel.Information, "Wiped a session on sign-out: expired {CookieCount} cookies.")]
    public static partial void SessionWipedOnSignOut(ILogger logger, int cookieCount);

    [LoggerMessage(42, LogLevel.Warning, "Clearing the server session failed with {ExceptionType}; its cookie is expired and its entry lapses after the session's idle timeout.")]
    public static partial void SessionClearFailed(ILogger logger, string exceptionType);

    [LoggerMessage(43, LogLevel.Information, "Removed {Count} expired authentication tickets.")]
    public static partial void ExpiredTicketsRemoved(ILogger logger, int count);

    [LoggerMessage(44, LogLevel.Warning, "Removing expired authentication tickets failed; the next pass tries again.")]
    public static partial void ExpiredTicketCleanupFailed(ILogger logger, Exception exception);

    [LoggerMessage(45, LogLevel.Information, "Someone else signed in over a live session: it ended, and the new sign-in got a new session key.")]
    public static partial void SessionHolderChanged(ILogger logger);

    [LoggerMessage(80, LogLevel.Warning, "Data minimization: {Finding}")]
    public static partial void MinimizationFinding(ILogger logger, string finding);

    [LoggerMessage(50, LogLevel.Information, "Retention pruned {Entities} entities in {ElapsedMilliseconds} ms: deleted {Deleted} rows, anonymized {Anonymized} rows ({Malformed} values that were not IP addresses set to null).")]
    public static partial void RetentionFinished(ILogger logger, int entities, long deleted, long anonymized, long malformed, long elapsedMilliseconds);

    [LoggerMessage(51, LogLevel.Information, "Retention skipped: another instance holds the lock.")]
    public static partial void RetentionSkipped(ILogger logger);

    [LoggerMessage(52, LogLevel.Error, "Retention run failed; what it finished stays done, and the next run continues.")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);

    [LoggerMessage(53, LogLevel.Information, "Retention skipped: run {Holder} holds the lease until {HeldUntil:u}.")]
    public static partial void RetentionLeaseHeld(ILogger logger, string holder, DateTimeOffset heldUntil);

    [LoggerMessage(54, LogLevel.Information, "Retention took over the lease of run {Holder} (it ran until {ExpiresAt:u}): that run's process is gone, or it stopped renewing.")]
    public static partial void RetentionLeaseTakenOver(ILogger logger, string holder, DateTimeOffset expiresAt);

    [LoggerMessage(60, LogLevel.Information, "Sent {Count} queued messages.")]
    public static partial void NotificationsSent(ILogger logger, int count);

    [LoggerMessage(61, LogLevel.Warning, "Delivering message {MessageId} ({Kind}) failed with {ExceptionType} (attempt {Attempts}); it stays queued and is tried again later.")]
    public static partial void NotificationDeliveryFailed(ILogger logger, Guid messageId, string kind, int attempts, string exceptionType);

    [LoggerMessage(62, LogLevel.Warning, "Message {MessageId} was claimed by another instance after this one's claim lapsed; its outcome there counts.")]
    public static partial void NotificationClaimLost(ILogger logger, Guid messageId);

    [LoggerMessage(63, LogLevel.Information, "No IGdprNotificationSender is registered: mail stays queued in the outbox until one is (MySocium.Gdpr.MailKit's AddMailKitDelivery, say).")]
    public static partial void NotificationSenderMissing(ILogger logger);

    [LoggerMessage(64, LogLevel.Error, "Draining the outbox failed; it tries again after the poll interval.")]
    public static partial void OutboxDrainFailed(ILogger logger, Exception exception);

    [LoggerMessage(65, LogLevel.Information, "Published privacy-policy version {Version}.")]
    public static partial void PolicyVersionPublished(ILogger logger, string version);

    [LoggerMessage(66, LogLevel.Information, "Queued {Count} notices of privacy-policy version {Version}.")]
    public static partial void PolicyNoticesQueued(ILogger logger, string version, int count);

    [LoggerMessage(67, LogLevel.Warning, "Reading the privacy-policy versions or queuing their notices failed; the version in use stays, and the next refresh tries again.")]
    public static partial void PolicyRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(68, LogLevel.Warning, "Deleting the outbox rows of mail sent before the retention failed; the next drain tries again.")]
    public static partial void SentMailCleanupFailed(ILogger logger, Exception exception);
}
