namespace MySocium.Gdpr.Notifications;

/// <summary>
/// Queues the application's mail in the outbox of the host's database; a background service
/// delivers it, so no request waits on the mail server. Bulk mail goes only to addresses that
/// opted in and did not unsubscribe, with a one-click unsubscribe link (RFC 8058).
/// </summary>
public interface IGdprNotifier
{
    /// <summary>Queues the account-activity mail (two for an email change: to the new and the old address). No marketing opt-out stops it.</summary>
    /// <param name="activity">What happened.</param>
    /// <param name="cancellationToken">Cancels the queuing.</param>
    /// <returns>A task that completes once the mail is queued.</returns>
    /// <exception cref="GdprMailAddressException">An address is not one deliverable email address; nothing was queued.</exception>
    Task NotifyAsync(GdprAccountActivity activity, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds the account-activity mail to <paramref name="db"/> without saving it, so the mail commits
    /// with the change it reports in the caller's <c>SaveChanges</c>, or not at all: an account whose
    /// notice cannot be queued is not created. The drainer is woken once the save commits; a failed save
    /// withdraws the mail, so a retried save adds it once.
    /// </summary>
    /// <param name="db">The context registered with <c>AddEntityFrameworkStores&lt;TContext&gt;()</c>, holding the change.</param>
    /// <param name="activity">What happened.</param>
    /// <exception cref="GdprMailAddressException">An address is not one deliverable email address; nothing was added.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="db"/> is not the store context.</exception>
    void Queue(Microsoft.EntityFrameworkCore.DbContext db, GdprAccountActivity activity);

    /// <summary>
    /// Records that <paramref name="email"/> asked for bulk mail, with the evidence: where (the
    /// <paramref name="source"/>, such as "started a Messenger conversation") and a reference to the
    /// proof. A new opt-in lifts an earlier unsubscribe.
    /// </summary>
    /// <param name="email">The address.</param>
    /// <param name="source">How the opt-in happened.</param>
    /// <param name="reference">A reference to the evidence, such as the conversation's or form submission's id; stored encrypted.</param>
    /// <param name="subjectId">The subject's id, when the address belongs to an account: the record is then part of its export.</param>
    /// <param name="cancellationToken">Cancels the recording.</param>
    /// <returns>A task that completes once the record is stored.</returns>
    /// <exception cref="GdprMailAddressException"><paramref name="email"/> is not one deliverable email address.</exception>
    Task RecordOptInAsync(string email, string source, string? reference = null, object? subjectId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Queues a bulk message to <paramref name="email"/> if it opted in and is not on the suppression
    /// list, with the unsubscribe link added to both bodies and the <c>List-Unsubscribe</c> headers.
    /// </summary>
    /// <param name="email">The recipient.</param>
    /// <param name="name">The recipient's display name, if any.</param>
    /// <param name="content">The message.</param>
    /// <param name="cancellationToken">Cancels the queuing.</param>
    /// <returns>Whether the message was queued; false when the address did not opt in or unsubscribed.</returns>
    /// <exception cref="InvalidOperationException"><c>Gdpr:Notifications:BaseUrl</c> is not set, so no unsubscribe link can be made.</exception>
    Task<bool> SendBulkAsync(string email, string? name, GdprMailContent content, CancellationToken cancellationToken = default);

    /// <summary>Puts <paramref name="email"/> on the suppression list: it gets no more bulk mail. Doing it again changes nothing.</summary>
    /// <param name="email">The address.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>A task that completes once the address is suppressed.</returns>
    Task UnsubscribeAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>Gets whether <paramref name="email"/> is on the suppression list.</summary>
    /// <param name="email">The address.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>True when it gets no bulk mail.</returns>
    Task<bool> IsSuppressedAsync(string email, CancellationToken cancellationToken = default);

    /// <summary>Makes the one-click unsubscribe address for <paramref name="email"/>, as bulk mail carries it.</summary>
    /// <param name="email">The address.</param>
    /// <returns>An absolute URL under <c>Gdpr:Notifications:BaseUrl</c> with a signed, expiring token.</returns>
    /// <exception cref="InvalidOperationException"><c>Gdpr:Notifications:BaseUrl</c> is not set.</exception>
    Uri CreateUnsubscribeUrl(string email);
}
