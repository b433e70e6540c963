using MySocium.Gdpr.Sample.Data;

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
