using Microsoft.AspNetCore.Http;
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

        return context.RequestServices.GetRequiredService<IGdprNotifier>().NotifyAsync(
            new GdprAccountActivity
            {
                Kind = kind,
                Email = email,
                Name = name,
                SubjectId = subjectId,
                PreviousEmail = previousEmail,
                IpAddress = context.Connection.RemoteIpAddress,
            },
            context.RequestAborted);
    }
}
