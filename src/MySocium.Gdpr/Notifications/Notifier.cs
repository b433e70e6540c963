using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Notifications;

internal sealed class Notifier(
    IServiceProvider services,
    Outbox outbox,
    NotificationKeys keys,
    GdprNotificationTemplates templates,
    IOptions<GdprOptions> options,
    TimeProvider time) : IGdprNotifier
{
    public const string Unsubscribed = "Unsubscribed";
    public const string Erased = "Erased";

    private GdprNotificationOptions Options => options.Value.Notifications;

    public async Task NotifyAsync(GdprAccountActivity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        Add(db, activity, activity.SubjectId is null ? null : keys.SubjectHash(activity.SubjectId));
        await db.SaveChangesAsync(cancellationToken);
        outbox.Committed();
    }

    public void Queue(DbContext db, GdprAccountActivity activity)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(activity);
        if (services.GetService<GdprStore>()?.ContextType is not { } store || !store.IsInstanceOfType(db))
        {
            throw new InvalidOperationException(
                $"{db.GetType().Name} is not the context that holds MySocium.Gdpr's outbox; queue the mail on the context given to AddEntityFrameworkStores<TContext>(), or call NotifyAsync.");
        }

        outbox.Pending(db, Add(db, activity, activity.SubjectId is null ? null : keys.SubjectHash(activity.SubjectId)));
    }

    /// <summary>Adds an activity's mail to a context the caller saves: two for an email change (the new and the old address).</summary>
    public List<GdprOutboxMessage> Add(DbContext db, GdprAccountActivity activity, string? subjectHash)
    {
        // Every address is checked before the first message is added, so a bad one adds nothing to the caller's context.
        GdprMailAddress.Require(activity.Email, nameof(activity));
        if (activity.Kind == GdprAccountActivityKind.EmailChanged)
        {
            if (activity.PreviousEmail is null)
            {
                throw new ArgumentException("An email change needs the previous address (PreviousEmail), which is told too.", nameof(activity));
            }

            GdprMailAddress.Require(activity.PreviousEmail, nameof(activity));
        }

        var at = activity.OccurredAt ?? time.GetUtcNow();
        var network = Network(activity.IpAddress);
        var culture = activity.Culture ?? CultureInfo.CurrentUICulture;
        var kind = activity.Kind.ToString();
        var mail = new GdprAccountActivityMail(activity, Options.ServiceName, at, network, Options.SecurityUrl, ToPreviousAddress: false, culture);
        List<GdprOutboxMessage> added = [outbox.Add(db, kind, activity.Email, activity.Name, templates.AccountActivity(mail), subjectHash)];
        if (activity.Kind == GdprAccountActivityKind.EmailChanged
            && !string.Equals(activity.PreviousEmail!.Trim(), activity.Email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            added.Add(outbox.Add(db, kind, activity.PreviousEmail, activity.Name, templates.AccountActivity(mail with { ToPreviousAddress = true }), subjectHash));
        }

        return added;
    }

    public async Task RecordOptInAsync(string email, string source, string? reference = null, object? subjectId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var hash = AddressHash(email);
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        var now = time.GetUtcNow();
        db.Add(new GdprMailOptIn
        {
            Id = Guid.CreateVersion7(now),
            AddressHash = hash,
            SubjectHash = subjectId is null ? null : keys.SubjectHash(subjectId),
            Source = source.Trim(),
            Reference = reference,
            At = now.UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);

        // A new, explicit opt-in is worth more than an earlier unsubscribe.
        await db.Set<GdprMailSuppression>().Where(s => s.AddressHash == hash).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<bool> SendBulkAsync(string email, string? name, GdprMailContent content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var unsubscribe = CreateUnsubscribeUrl(email);
        var hash = AddressHash(email);
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        if (!await db.Set<GdprMailOptIn>().AnyAsync(o => o.AddressHash == hash, cancellationToken)
            || await db.Set<GdprMailSuppression>().AnyAsync(s => s.AddressHash == hash, cancellationToken))
        {
            return false;
        }

        outbox.Add(db, Outbox.BulkKind, email, name, templates.AddUnsubscribeFooter(content, unsubscribe, CultureInfo.CurrentUICulture), null, unsubscribe);
        await db.SaveChangesAsync(cancellationToken);
        outbox.Committed();
        return true;
    }

    public async Task UnsubscribeAsync(string email, CancellationToken cancellationToken = default)
    {
        var hash = AddressHash(email);
        await using var scope = services.CreateAsyncScope();
        await SuppressAsync(GdprStore.Resolve(services, scope.ServiceProvider), hash, Unsubscribed, cancellationToken);
    }

    public async Task<bool> IsSuppressedAsync(string email, CancellationToken cancellationToken = default)
    {
        var hash = AddressHash(email);
        await using var scope = services.CreateAsyncScope();
        return await GdprStore.Resolve(services, scope.ServiceProvider).Set<GdprMailSuppression>().AnyAsync(s => s.AddressHash == hash, cancellationToken);
    }

    public Uri CreateUnsubscribeUrl(string email)
    {
        var baseUrl = Options.BaseUrl
            ?? throw new InvalidOperationException(
                "Gdpr:Notifications:BaseUrl is not set, so bulk mail cannot carry an unsubscribe link. Set it to the application's public address, such as 'https://example.org'.");
        var token = UnsubscribeToken.Create(keys.Unsubscribe, AddressHash(email), time.GetUtcNow() + Options.UnsubscribeLinkLifetime);
        return new Uri(baseUrl, $"{options.Value.RoutePrefix}/unsubscribe?token={token}");
    }

    /// <summary>Puts an address hash on the suppression list; already there, it stays as it was.</summary>
    public async Task SuppressAsync(DbContext db, string addressHash, string reason, CancellationToken cancellationToken)
    {
        if (await db.Set<GdprMailSuppression>().AnyAsync(s => s.AddressHash == addressHash, cancellationToken))
        {
            return;
        }

        db.Add(new GdprMailSuppression { AddressHash = addressHash, At = time.GetUtcNow().UtcDateTime, Reason = reason });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request may have suppressed it meanwhile: then the outcome is the same.
            db.ChangeTracker.Clear();
            if (!await db.Set<GdprMailSuppression>().AnyAsync(s => s.AddressHash == addressHash, cancellationToken))
            {
                throw;
            }
        }

        db.ChangeTracker.Clear();
    }

    private string AddressHash(string email)
        => keys.AddressHash(GdprMailAddress.Require(email, nameof(email)));

    /// <summary>The network an address belongs to (/24 for IPv4, /48 for IPv6): where from, roughly, without who.</summary>
    private static string? Network(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        var prefix = address.AddressFamily == AddressFamily.InterNetwork ? 3 : 6;
        bytes.AsSpan(prefix).Clear();
        return $"{new IPAddress(bytes)}/{prefix * 8}";
    }
}
