using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using MySocium.Gdpr.Sample.Data;

namespace MySocium.Gdpr.Sample.Account;

/// <summary>Hashes and checks passwords with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>.</summary>
internal sealed class AccountPasswords(IPasswordHasher<AppUser> hasher)
{
    // Checked when no account matches a login, so a miss costs as much as a wrong password and the
    // response time does not tell which user names and emails exist.
    private readonly Lazy<string> _decoyHash = new(() => hasher.HashPassword(new AppUser(), RandomNumberGenerator.GetHexString(32)));

    public void SetPassword(AppUser user, string password) => user.PasswordHash = hasher.HashPassword(user, password);

    /// <summary>
    /// Returns whether <paramref name="password"/> is the user's; when the stored hash uses older
    /// hasher settings it is replaced, and the caller saves the user.
    /// </summary>
    public bool Check(AppUser user, string password)
    {
        var result = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            SetPassword(user, password);
        }

        return result != PasswordVerificationResult.Failed;
    }

    public void CheckDecoy(string password) => hasher.VerifyHashedPassword(new AppUser(), _decoyHash.Value, password);
}
