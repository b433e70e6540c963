using System.Security.Cryptography;

namespace MySocium.Gdpr.Sample.Data;

/// <summary>A member of the sample's social app: the data subject whose data the library protects.</summary>
public sealed class AppUser
{
    /// <summary>The most characters a user name has.</summary>
    public const int UserNameMaxLength = 32;

    /// <summary>The most characters an email address has (RFC 5321's path limit).</summary>
    public const int EmailMaxLength = 254;

    /// <summary>The most characters a display name has.</summary>
    public const int DisplayNameMaxLength = 100;

    /// <summary>The most characters a phone number has.</summary>
    public const int PhoneMaxLength = 32;

    /// <summary>Gets or sets the user's id.</summary>
    public Guid Id { get; set; }

    /// <summary>Gets or sets the unique, lower-case name the user logs in with.</summary>
    [PersonalData(Encrypt = false, Purpose = "Signing in", LegalBasis = LegalBasis.Contract, Category = PersonalDataCategory.Identity)]
    public string UserName { get; set; } = "";

    /// <summary>Gets or sets the unique, lower-case email address.</summary>
    [PersonalData(Searchable = true, Normalize = Normalization.Email, Purpose = "Signing in and account notices", LegalBasis = LegalBasis.Contract, Category = PersonalDataCategory.Contact)]
    public string Email { get; set; } = "";

    /// <summary>Gets or sets the name shown to other users.</summary>
    [PersonalData(Encrypt = false, Purpose = "Shown next to your posts", LegalBasis = LegalBasis.Contract, Category = PersonalDataCategory.Identity)]
    public string DisplayName { get; set; } = "";

    /// <summary>Gets or sets the optional phone number.</summary>
    [PersonalData(Purpose = "Account recovery", LegalBasis = LegalBasis.Consent, Category = PersonalDataCategory.Contact)]
    public string? Phone { get; set; }

    /// <summary>Gets or sets the password hash written by ASP.NET Core Identity's <c>PasswordHasher</c>.</summary>
    [ExcludeFromExport]
    public string PasswordHash { get; set; } = "";

    /// <summary>
    /// Gets or sets a random value that every session cookie carries; changing it (on a password
    /// change) ends the sessions that carry the old one.
    /// </summary>
    [ExcludeFromExport]
    public string SecurityStamp { get; set; } = "";

    /// <summary>Gets or sets when the account was created, in UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>Gets the user's posts.</summary>
    public List<Post> Posts { get; } = [];

    /// <summary>Returns a new random security stamp.</summary>
    public static string NewSecurityStamp() => RandomNumberGenerator.GetHexString(32);
}
