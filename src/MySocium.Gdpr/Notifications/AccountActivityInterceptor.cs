using System.Collections.Concurrent;
using System.Net;
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
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Failed(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context);
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
        foreach (var activity in activities)
        {
            notifier.Queue(context, activity);
        }
    }

    private static GdprAccountActivity? Activity(EntityEntry entry, IPAddress? ip)
    {
        var email = entry.Property(nameof(IdentityUser.Email));
        if (email.CurrentValue is not string address || !GdprMailAddress.IsDeliverable(address))
        {
            return null;
        }

        var kind = entry.State == EntityState.Added ? GdprAccountActivityKind.AccountCreated
            : email.IsModified && email.OriginalValue is string previous && GdprMailAddress.IsDeliverable(previous) && !string.Equals(previous, address, StringComparison.OrdinalIgnoreCase) ? GdprAccountActivityKind.EmailChanged
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

    private void Saved(DbContext? context)
    {
        if (context is not null && gdpr.IsStore(context.GetType()))
        {
            gdpr.ApplicationServices.GetRequiredService<Outbox>().Saved(context);
        }
    }

    /// <summary>A failed save leaves its entries tracked; the mail it queued goes, so a retried save queues it once.</summary>
    private void Failed(DbContext? context)
    {
        if (context is not null && gdpr.IsStore(context.GetType()))
        {
            gdpr.ApplicationServices.GetRequiredService<Outbox>().SaveFailed(context);
        }
    }
}
