using Microsoft.EntityFrameworkCore;
using MySocium.Gdpr.Sample.Data;
using MySocium.Gdpr.Sample.Posts;

namespace MySocium.Gdpr.Sample.Account;

/// <summary>
/// Gathers everything the sample holds about one user. Hand-written for the sample's three tables;
/// the library's model-wide exporter replaces it. Password hash and security stamp are credentials,
/// not information about the user, so they stay out.
/// </summary>
internal sealed class AccountExporter(AppDbContext db, TimeProvider timeProvider)
{
    public async Task<AccountExport?> ExportAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var posts = await db.Posts
            .Where(p => p.UserId == userId)
            .OrderByDescending(p => p.CreatedAt)
            .Select(p => PostResponse.From(p))
            .ToListAsync(cancellationToken);
        var loginEvents = await db.LoginEvents
            .Where(e => e.UserId == userId)
            .OrderByDescending(e => e.OccurredAt)
            .Select(e => new LoginEventExport(e.OccurredAt, e.IpAddress, e.UserAgentHash))
            .ToListAsync(cancellationToken);
        return new AccountExport(timeProvider.GetUtcNow().UtcDateTime, ProfileResponse.From(user), posts, loginEvents);
    }
}
