using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Notifications;

/// <summary>
/// ASP.NET Core Identity sends no mail of its own: this sees its users being saved in the store
/// context and queues the account-activity mail in the same <c>SaveChanges</c>, so the mail commits
/// with the change or not at all. A user added is an account created; a changed password hash a
/// password change; a changed <c>Email</c> an email change, told to the old address too.
/// </summary>
internal sealed class AccountActivityInterceptor(GdprEntityFrameworkServices gdpr) : SaveChangesInterceptor
{
    private readonly ConcurrentDictionary<Type, bool> _identityUsers = new();
    private readonly ConditionalWeakTable<DbContext, List<GdprOutboxMessage>> _queued = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Queue(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Queue(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Committed(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Withdraw(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Withdraw(eventData.Context);
        return Task.CompletedTask;
    }

    private void Queue(DbContext? context)
    {
        if (context is null || !gdpr.IsStore(context.GetType()))
        {
            return;
        }

        var services = gdpr.ApplicationServices;
        var ip = services.GetService<IHttpContextAccessor>()?.HttpContext?.Connection.RemoteIpAddress;
        var activities = context.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified && _identityUsers.GetOrAdd(e.Metadata.ClrType, IdentityUserType.Is))
            .Select(e => Activity(e, ip))
            .OfType<GdprAccountActivity>()
            .ToList();
        if (activities.Count == 0)
        {
            return;
        }

        var notifier = services.GetRequiredService<Notifier>();
        var keys = services.GetRequiredService<NotificationKeys>();
        var queued = _queued.GetOrCreateValue(context);
        foreach (var activity in activities)
        {
            queued.AddRange(notifier.Add(context, activity, keys.SubjectHash(activity.SubjectId!)));
        }
    }

    private static GdprAccountActivity? Activity(EntityEntry entry, IPAddress? ip)
    {
        var email = entry.Property(nameof(IdentityUser.Email));
        if (email.CurrentValue is not string address || !Outbox.IsAddress(address))
        {
            return null;
        }

        var kind = entry.State == EntityState.Added ? GdprAccountActivityKind.AccountCreated
            : email.IsModified && email.OriginalValue is string previous && Outbox.IsAddress(previous) && !string.Equals(previous, address, StringComparison.OrdinalIgnoreCase) ? GdprAccountActivityKind.EmailChanged
            : entry.Property(nameof(IdentityUser.PasswordHash)) is { IsModified: true } hash && !Equals(hash.OriginalValue, hash.CurrentValue) ? GdprAccountActivityKind.PasswordChanged
            : (GdprAccountActivityKind?)null;
        return kind is null ? null : new GdprAccountActivity
        {
            Kind = kind.Value,
            Email = address,
            PreviousEmail = kind == GdprAccountActivityKind.EmailChanged ? (string?)email.OriginalValue : null,
            Name = entry.Property(nameof(IdentityUser.UserName)).CurrentValue as string,
            SubjectId = entry.Property(entry.Metadata.FindPrimaryKey()!.Properties[0].Name).CurrentValue,
            IpAddress = ip,
        };
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && _queued.TryGetValue(context, out var queued) && queued.Count > 0)
        {
            queued.Clear();
            gdpr.ApplicationServices.GetRequiredService<Outbox>().Committed();
        }
    }

    /// <summary>A failed save leaves its entries tracked; the mail it queued goes, so a retried save queues it once.</summary>
    private void Withdraw(DbContext? context)
    {
        if (context is not null && _queued.TryGetValue(context, out var queued))
        {
            foreach (var message in queued)
            {
                context.Entry(message).State = EntityState.Detached;
            }

            queued.Clear();
        }
    }
}
