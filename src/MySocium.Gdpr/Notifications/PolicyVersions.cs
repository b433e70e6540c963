using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MySocium.Gdpr.Consent;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Notifications;

/// <summary>
/// The published policy versions in the host's database. Each instance keeps the current one in
/// memory, re-reads it every <see cref="GdprNotificationOptions.PolicyRefreshInterval"/> (and at
/// once after publishing here), and hands it to the consent feature, whose stamp follows it.
/// </summary>
internal sealed class PolicyVersions(
    IServiceProvider services,
    ConsentCategoryTable consent,
    NotificationKeys keys,
    PolicyNoticeQueue notices,
    TimeProvider time,
    ILogger<PolicyVersions> logger) : IGdprPolicyVersions
{
    private readonly string _configuredVersion = consent.PolicyVersion;
    private volatile GdprPolicyVersionInfo? _current;

    public GdprPolicyVersionInfo? Current => _current;

    public async Task<GdprPolicyVersionInfo> PublishAsync(string version, string text, string summary, DateTimeOffset effectiveAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(summary);
        version = version.Trim();
        if (version.Length > 64 || version.Any(char.IsControl))
        {
            throw new ArgumentException("A policy version is one line of at most 64 characters, such as '2026-12-01'.", nameof(version));
        }

        var textHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        var existing = await db.Set<GdprPolicyVersion>().AsNoTracking().SingleOrDefaultAsync(v => v.Version == version, cancellationToken);
        if (existing is null)
        {
            existing = new GdprPolicyVersion
            {
                Version = version,
                TextHash = textHash,
                Summary = summary.Trim(),
                EffectiveAt = effectiveAt.UtcDateTime,
                PublishedAt = time.GetUtcNow().UtcDateTime,
            };
            db.Add(existing);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                Log.PolicyVersionPublished(logger, version);
            }
            catch (DbUpdateException)
            {
                // Published by another instance at the same moment: compare with what it stored.
                db.ChangeTracker.Clear();
                existing = await db.Set<GdprPolicyVersion>().AsNoTracking().SingleAsync(v => v.Version == version, cancellationToken);
            }
        }

        if (!string.Equals(existing.TextHash, textHash, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Policy version '{version}' was published before with another text; publish the changed text under a new version.");
        }

        await RefreshAsync(cancellationToken);
        notices.Request();
        return Info(existing);
    }

    public async Task<IReadOnlyList<GdprPolicyVersionInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var rows = await GdprStore.Resolve(services, scope.ServiceProvider).Set<GdprPolicyVersion>().AsNoTracking()
            .OrderBy(v => v.EffectiveAt).ThenBy(v => v.PublishedAt).ToListAsync(cancellationToken);
        return [.. rows.Select(Info)];
    }

    public async Task AcknowledgeAsync(object subjectId, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        ArgumentNullException.ThrowIfNull(version);
        var hash = keys.SubjectHash(subjectId);
        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        if (!await db.Set<GdprPolicyVersion>().AnyAsync(v => v.Version == version, cancellationToken))
        {
            throw new ArgumentException($"No policy version '{version}' was published.", nameof(version));
        }

        for (var attempt = 0; ; attempt++)
        {
            var updated = await db.Set<GdprPolicyNotice>()
                .Where(n => n.Version == version && n.SubjectHash == hash)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.AcknowledgedAt, n => n.AcknowledgedAt ?? now), cancellationToken);
            if (updated > 0)
            {
                return;
            }

            // Acknowledged before any notice went out: the row says so, and no notice follows.
            db.Add(new GdprPolicyNotice { Version = version, SubjectHash = hash, AcknowledgedAt = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task<DateTimeOffset?> GetAcknowledgedAtAsync(object subjectId, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        var hash = keys.SubjectHash(subjectId);
        await using var scope = services.CreateAsyncScope();
        var at = await GdprStore.Resolve(services, scope.ServiceProvider).Set<GdprPolicyNotice>()
            .Where(n => n.Version == version && n.SubjectHash == hash)
            .Select(n => n.AcknowledgedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return at is { } value ? Utc(value) : null;
    }

    public Task<int> QueueNoticesAsync(CancellationToken cancellationToken = default) => notices.RunAsync(cancellationToken);

    /// <summary>Re-reads the latest version in effect and hands it to the consent feature (the configured version before any).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = services.CreateAsyncScope();
        var latest = await GdprStore.Resolve(services, scope.ServiceProvider).Set<GdprPolicyVersion>().AsNoTracking()
            .Where(v => v.EffectiveAt <= now)
            .OrderByDescending(v => v.EffectiveAt).ThenByDescending(v => v.PublishedAt)
            .FirstOrDefaultAsync(cancellationToken);
        var current = latest is null ? null : Info(latest);
        _current = current;
        consent.UsePolicyVersion(current?.Version ?? _configuredVersion);
    }

    public static GdprPolicyVersionInfo Info(GdprPolicyVersion row)
        => new(row.Version, row.TextHash, row.Summary, Utc(row.EffectiveAt), Utc(row.PublishedAt));

    /// <summary>SQLite gives back times without a kind; every stored time is UTC.</summary>
    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
