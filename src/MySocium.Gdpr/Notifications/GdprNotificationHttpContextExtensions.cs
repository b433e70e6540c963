using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Notifications;

namespace MySocium.Gdpr;

/// <summary>Account-activity mail from a request: the one call a host without ASP.NET Core Identity makes.</summary>
public static class GdprNotificationHttpContextExtensions
{
    /// <summary>
    /// Queues the account-activity mail for what the request did, with its time and network (the
    /// client's IP address, shortened to /24 or /48 in the mail). The request does not wait on the mail server.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="kind">What happened.</param>
    /// <param name="email">The account's address (after an email change, the new one).</param>
    /// <param name="name">The name to greet the owner by, if any.</param>
    /// <param name="subjectId">The subject's id, so erasing them drops mail still queued about them.</param>
    /// <param name="previousEmail">The address before an email change, which is told too.</param>
    /// <returns>A task that completes once the mail is queued.</returns>
    public static Task NotifyAccountActivityAsync(
        this HttpContext context, GdprAccountActivityKind kind, string email, string? name = null, object? subjectId = null, string? previousEmail = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.RequestServices.GetRequiredService<IGdprNotifier>().NotifyAsync(Activity(context, kind, email, name, subjectId, previousEmail), context.RequestAborted);
    }

    /// <summary>
    /// Adds the account-activity mail for what the request did to <paramref name="db"/> without saving,
    /// so it commits with the change in the caller's <c>SaveChanges</c>, or not at all
    /// (<see cref="IGdprNotifier.Queue"/>): an account whose notice cannot be queued is not created.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="db">The store context (<c>AddEntityFrameworkStores&lt;TContext&gt;()</c>) holding the change.</param>
    /// <param name="kind">What happened.</param>
    /// <param name="email">The account's address (after an email change, the new one).</param>
    /// <param name="name">The name to greet the owner by, if any.</param>
    /// <param name="subjectId">The subject's id, so erasing them drops mail still queued about them.</param>
    /// <param name="previousEmail">The address before an email change, which is told too.</param>
    /// <exception cref="GdprMailAddressException">An address is not one deliverable email address; nothing was added.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="db"/> is not the store context.</exception>
    public static void QueueAccountActivity(
        this HttpContext context, DbContext db, GdprAccountActivityKind kind, string email, string? name = null, object? subjectId = null, string? previousEmail = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RequestServices.GetRequiredService<IGdprNotifier>().Queue(db, Activity(context, kind, email, name, subjectId, previousEmail));
    }

    private static GdprAccountActivity Activity(HttpContext context, GdprAccountActivityKind kind, string email, string? name, object? subjectId, string? previousEmail)
        => new()
        {
            Kind = kind,
            Email = email,
            Name = name,
            SubjectId = subjectId,
            PreviousEmail = previousEmail,
            IpAddress = context.Connection.RemoteIpAddress,
        };
}
