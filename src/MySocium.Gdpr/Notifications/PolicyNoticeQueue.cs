using System.Globalization;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Notifications;

/// <summary>
/// Queues one notice of each published version to every subject, in batches of
/// <see cref="GdprNotificationOptions.PolicyNoticeBatchSize"/> subjects in key order. Each batch
/// commits its notice records, its mail and the version's cursor together, so a run that stops
/// anywhere resumes after the last batch it committed; the records' key (version, subject) makes a
/// second notice impossible. A lease on the version row keeps two instances from working on it at once.
/// </summary>
internal sealed class PolicyNoticeQueue(
    IServiceProvider services,
    SubjectDirectory directory,
    Outbox outbox,
    NotificationKeys keys,
    GdprNotificationTemplates templates,
    IOptions<GdprOptions> options,
    TimeProvider time,
    ILogger<PolicyNoticeQueue> logger)
{
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private GdprNotificationOptions Options => options.Value.Notifications;

    /// <summary>Asks the background service to run now (a version was published here).</summary>
    public void Request() => _requests.Writer.TryWrite(true);

    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => _requests.Reader.ReadAsync(cancellationToken);

    /// <summary>Queues what is due for every version whose notices are not all queued; returns how many.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        List<string> due;
        await using (var scope = services.CreateAsyncScope())
        {
            due = await GdprStore.Resolve(services, scope.ServiceProvider).Set<GdprPolicyVersion>()
                .Where(v => v.NoticesQueuedAt == null)
                .OrderBy(v => v.PublishedAt)
                .Select(v => v.Version)
                .ToListAsync(cancellationToken);
        }

        var queued = 0;
        foreach (var version in due)
        {
            queued += await RunAsync(version, cancellationToken);
        }

        return queued;
    }

    private async Task<int> RunAsync(string version, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        var versions = db.Set<GdprPolicyVersion>();
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + Options.ClaimDuration;
        Guid? holder = Guid.NewGuid();
        var taken = await versions
            .Where(v => v.Version == version && v.NoticesQueuedAt == null && (v.LeaseHolder == null || v.LeaseUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.LeaseHolder, holder).SetProperty(v => v.LeaseUntil, until), cancellationToken);
        if (taken == 0)
        {
            return 0;
        }

        var queued = 0;
        try
        {
            bool more;
            do
            {
                var (count, last) = await QueueBatchAsync(db, version, holder.Value, cancellationToken);
                queued += count;
                more = !last;
            }
            while (more);

            Log.PolicyNoticesQueued(logger, version, queued);
            return queued;
        }
        finally
        {
            await versions.Where(v => v.Version == version && v.LeaseHolder == holder)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.LeaseHolder, (Guid?)null).SetProperty(v => v.LeaseUntil, (DateTime?)null), CancellationToken.None);
        }
    }

    /// <summary>Queues the notices of the next batch of subjects in one transaction; returns how many, and whether it was the last batch.</summary>
    private async Task<(int Queued, bool Last)> QueueBatchAsync(DbContext db, string version, Guid holder, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var batch = Options.PolicyNoticeBatchSize;
        var strategy = db.Database.CreateExecutionStrategy();
        var result = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var row = await db.Set<GdprPolicyVersion>().AsNoTracking().SingleAsync(v => v.Version == version, cancellationToken);
            var page = await directory.PageAsync(db, row.NoticeCursor, batch, cancellationToken);
            var hashes = page.ToDictionary(r => keys.SubjectHash(r.Id), r => r);
            var hashList = hashes.Keys.ToList();
            var done = await db.Set<GdprPolicyNotice>()
                .Where(n => n.Version == version && hashList.Contains(n.SubjectHash))
                .Select(n => n.SubjectHash)
                .ToListAsync(cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            var content = new GdprPolicyUpdateMail(PolicyVersions.Info(row), Options.ServiceName, Options.PolicyUrl, CultureInfo.CurrentUICulture);
            var mail = templates.PolicyUpdate(content);
            var queued = 0;
            foreach (var (hash, recipient) in hashes.Where(h => !done.Contains(h.Key)))
            {
                if (!GdprMailAddress.IsDeliverable(recipient.Email))
                {
                    continue;
                }

                db.Add(new GdprPolicyNotice { Version = version, SubjectHash = hash, NotifiedAt = now });
                outbox.Add(db, Outbox.PolicyUpdateKind, recipient.Email!, recipient.Name, mail, hash);
                queued++;
            }

            await db.SaveChangesAsync(cancellationToken);
            var last = page.Count < batch;
            var cursor = page.Count > 0 ? page[^1].Key : row.NoticeCursor;
            DateTime? completed = last ? now : null;
            var until = now + Options.ClaimDuration;

            // Moves the cursor only while this instance still holds the lease; lost, the batch rolls back.
            var held = await db.Set<GdprPolicyVersion>()
                .Where(v => v.Version == version && v.LeaseHolder == holder)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(v => v.NoticeCursor, cursor).SetProperty(v => v.NoticesQueuedAt, completed).SetProperty(v => v.LeaseUntil, until),
                    cancellationToken);
            if (held == 0)
            {
                throw new InvalidOperationException(
                    $"Queuing the notices of policy version '{version}' lost its lease to another instance (a batch took longer than Gdpr:Notifications:ClaimDuration); the other instance carries on.");
            }

            await transaction.CommitAsync(cancellationToken);
            return (queued, last);
        });
        db.ChangeTracker.Clear();
        outbox.Committed();
        return result;
    }
}
