using MySocium.Gdpr.Sample.Data;
using MySocium.Gdpr.Sample.Posts;

namespace MySocium.Gdpr.Sample.Account;

/// <summary>The account's profile, as <c>GET /api/account/me</c> returns it.</summary>
/// <param name="Id">The account's id.</param>
/// <param name="UserName">The user name.</param>
/// <param name="Email">The email address.</param>
/// <param name="DisplayName">The name shown to other users.</param>
/// <param name="Phone">The phone number, if given.</param>
/// <param name="CreatedAt">When the account was created, in UTC.</param>
public sealed record ProfileResponse(Guid Id, string UserName, string Email, string DisplayName, string? Phone, DateTime CreatedAt)
{
    /// <summary>Returns the profile of <paramref name="user"/>.</summary>
    /// <param name="user">The account.</param>
    /// <returns>The profile.</returns>
    public static ProfileResponse From(AppUser user)
        => new(user.Id, user.UserName, user.Email, user.DisplayName, user.Phone, user.CreatedAt);
}

/// <summary>One login, as the export lists it.</summary>
/// <param name="OccurredAt">When it happened, in UTC.</param>
/// <param name="IpAddress">The client's IP address, if known.</param>
/// <param name="UserAgentHash">The SHA-256 of the client's user agent, if it sent one.</param>
public sealed record LoginEventExport(DateTime OccurredAt, string? IpAddress, string? UserAgentHash);

/// <summary>Everything the sample holds about one user, as <c>GET /api/account/export</c> returns it.</summary>
/// <param name="ExportedAt">When the export was made, in UTC.</param>
/// <param name="Profile">The profile.</param>
/// <param name="Posts">The user's posts, newest first.</param>
/// <param name="LoginEvents">The user's logins, newest first.</param>
public sealed record AccountExport(
    DateTime ExportedAt,
    ProfileResponse Profile,
    IReadOnlyList<PostResponse> Posts,
    IReadOnlyList<LoginEventExport> LoginEvents);

