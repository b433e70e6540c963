using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Notifications;

/// <summary>
/// Sends what is due in the outbox. Each pass claims a batch with one conditional update, so
/// instances draining the same database at once never take the same message; a claim lapses
/// after <see cref="GdprNotificationOptions.ClaimDuration"/> if its instance dies. A failed message
/// waits longer after each failure and is never dropped; a sent one keeps no address, subject or body,
/// and its row goes after <see cref="GdprNotificationOptions.SentRetention"/>.
/// </summary>
internal sealed class OutboxDelivery(
    IServiceProvider services,
    NotificationKeys keys,
    NotificationMetrics metrics,
    IOptions<GdprOptions> options,
    TimeProvider time,
    ILogger<OutboxDelivery> logger)
{
    private GdprNotificationOptions Options => options.Value.Notifications;

    /// <summary>Sends due messages until none is left or a batch failed without one sent; returns how many the server accepted.</summary>
    public async Task<int> DeliverDueAsync(IGdprNotificationSender sender, CancellationToken cancellationToken)
    {
        var sent = 0;
        while (true)
        {
            var batch = await DeliverBatchAsync(sender, cancellationToken);
            sent += batch.Sent;
            if (batch.Due < Options.BatchSize || (batch.Failed > 0 && batch.Sent == 0))
            {
                return sent;
            }

            // Otherwise more may be due: a batch another instance claimed first is skipped by the next query.
        }
    }

    /// <summary>
    /// Deletes the rows of messages sent longer ago than <see cref="GdprNotificationOptions.SentRetention"/>: one statement
    /// over the (SentAt, NextAttemptAt) index, idempotent, so instances need no lock for it.
    /// </summary>
    public async Task DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        var before = time.GetUtcNow().UtcDateTime - Options.SentRetention;
        await db.Set<GdprOutboxMessage>().Where(m => m.SentAt != null && m.SentAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<BatchOutcome> DeliverBatchAsync(IGdprNotificationSender sender, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        var outbox = db.Set<GdprOutboxMessage>();
        var now = time.GetUtcNow().UtcDateTime;
        var due = await outbox.AsNoTracking()
            .Where(m => m.SentAt == null && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil <= now))
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(Options.BatchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return default;
        }

        // The condition is checked again row by row as the update takes its lock: of two instances
        // claiming the same message, the second finds it claimed and skips it.
        var claim = Guid.NewGuid();
        var until = now + Options.ClaimDuration;
        await outbox.Where(m => due.Contains(m.Id) && m.SentAt == null && (m.ClaimedUntil == null || m.ClaimedUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, claim).SetProperty(m => m.ClaimedUntil, until), cancellationToken);
        var messages = await outbox.Where(m => m.ClaimedBy == claim).OrderBy(m => m.Id).ToListAsync(cancellationToken);

        var outcome = new BatchOutcome { Due = due.Count };
        foreach (var message in messages)
        {
            switch (await DeliverAsync(db, sender, message, cancellationToken))
            {
                case Delivery.Sent:
                    outcome.Sent++;
                    break;
                case Delivery.Failed:
                    outcome.Failed++;
                    break;
            }
        }

        return outcome;
    }

    private async Task<Delivery> DeliverAsync(DbContext db, IGdprNotificationSender sender, GdprOutboxMessage message, CancellationToken cancellationToken)
    {
        // Checked again at sending: an unsubscribe or erasure after queuing still stops bulk mail.
        var addressHash = message.Kind == Outbox.BulkKind ? keys.AddressHash(message.To!) : null;
        var suppressed = addressHash is not null && await db.Set<GdprMailSuppression>().AnyAsync(s => s.AddressHash == addressHash, cancellationToken);
        try
        {
            if (!suppressed)
            {
                await sender.SendAsync(ToMail(message), cancellationToken);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            message.Attempts++;
            message.LastError = e.GetType().Name;
            message.NextAttemptAt = time.GetUtcNow().UtcDateTime + Backoff(message.Attempts);
            message.ClaimedBy = null;
            message.ClaimedUntil = null;
            metrics.Failed(message.Kind);
            Log.NotificationDeliveryFailed(logger, message.Id, message.Kind, message.Attempts, e.GetType().Name);
            await SaveAsync(db, message.Id, cancellationToken);
            return Delivery.Failed;
        }

        message.SentAt = time.GetUtcNow().UtcDateTime;
        message.LastError = suppressed ? "Suppressed" : null;
        message.To = message.ToName = message.Subject = message.TextBody = message.HtmlBody = message.UnsubscribeUrl = null;
        message.ClaimedBy = null;
        message.ClaimedUntil = null;
        if (!suppressed)
        {
            message.Attempts++;
            metrics.Sent(message.Kind);
        }

        await SaveAsync(db, message.Id, CancellationToken.None);
        return suppressed ? Delivery.Suppressed : Delivery.Sent;
    }

    /// <summary>Saves the outcome; if the claim lapsed and another instance took the message, its outcome counts instead.</summary>
    private async Task SaveAsync(DbContext db, Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            Log.NotificationClaimLost(logger, id);
        }
    }

    private TimeSpan Backoff(int attempts)
    {
        var delay = Options.RetryDelay * Math.Pow(2, Math.Min(attempts - 1, 20));
        return delay < Options.MaxRetryDelay ? delay : Options.MaxRetryDelay;
    }

    private static GdprMailMessage ToMail(GdprOutboxMessage message) => new()
    {
        Id = message.Id,
        Kind = message.Kind,
        To = message.To!,
        ToName = message.ToName,
        Subject = message.Subject!,
        TextBody = message.TextBody!,
        HtmlBody = message.HtmlBody!,
        UnsubscribeUrl = message.UnsubscribeUrl is { } url ? new Uri(url) : null,
    };

    private enum Delivery
    {
        Sent,
        Suppressed,
        Failed,
    }

    /// <summary>One pass: messages found due (at most a batch), and of those this instance claimed, how many the server accepted and how many failed.</summary>
    private struct BatchOutcome
    {
        public int Due;
        public int Sent;
        public int Failed;
    }
}
