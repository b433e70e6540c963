using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using MySocium.Gdpr.Notifications;
using MySocium.Gdpr.Sample.Api;
using MySocium.Gdpr.Sample.Data;

namespace MySocium.Gdpr.Sample.Account;

/// <summary>Checks and normalizes the account requests; errors are keyed by JSON field name.</summary>
internal static partial class AccountValidation
{
    public const int PasswordMinLength = 8;

    // Caps the hashing work one request can ask for.
    public const int PasswordMaxLength = 128;

    /// <summary>Returns the new account's normalized fields, or the errors; the caller sets id, times and password hash.</summary>
    public static bool TryCreateUser(RegisterRequest request, [NotNullWhen(true)] out AppUser? user, out ValidationErrors errors)
    {
        errors = new ValidationErrors();
        var userName = NormalizeUserName(request.UserName);
        if (errors.Require("userName", userName, "a user name") && !UserNamePattern().IsMatch(userName))
        {
            errors.Add("userName", $"A user name has 3 to {AppUser.UserNameMaxLength} characters: letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        var email = NormalizeEmail(request.Email);
        if (errors.Require("email", email, "an email address") && !IsEmailAddress(email))
        {
            errors.Add("email", "Enter a valid email address, such as name@example.com.");
        }

        CheckNewPassword(errors, "password", request.Password);
        var displayName = request.DisplayName?.Trim();
        if (errors.Require("displayName", displayName, "a display name")
            && (displayName.Length > AppUser.DisplayNameMaxLength || displayName.Any(IsSpoofingCharacter)))
        {
            errors.Add("displayName", $"A display name has at most {AppUser.DisplayNameMaxLength} characters, without control characters, line separators or text-direction controls.");
        }

        var phone = string.IsNullOrWhiteSpace(request.Phone) ? null : request.Phone.Trim();
        if (phone is not null && !IsPhoneNumber(phone))
        {
            errors.Add("phone", $"A phone number has at most {AppUser.PhoneMaxLength} characters: digits, spaces and + ( ) . / -.");
        }

        user = errors.IsEmpty
            ? new AppUser { UserName = userName!, Email = email!, DisplayName = displayName!, Phone = phone }
            : null;
        return user is not null;
    }

    public static ValidationErrors Validate(LoginRequest request)
    {
        var errors = new ValidationErrors();
        errors.Require("login", request.Login, "your user name or email address");
        errors.Require("password", request.Password, "your password");
        return errors;
    }

    public static ValidationErrors Validate(ChangePasswordRequest request)
    {
        var errors = new ValidationErrors();
        errors.Require("currentPassword", request.CurrentPassword, "your current password");
        CheckNewPassword(errors, "newPassword", request.NewPassword);
        return errors;
    }

    public static ValidationErrors Validate(DeleteAccountRequest request)
    {
        var errors = new ValidationErrors();
        errors.Require("password", request.Password, "your password");
        return errors;
    }

    /// <summary>User names compare in lower case, so 'Ada' and 'ada' cannot be two accounts.</summary>
    public static string? NormalizeUserName(string? userName) => userName?.Trim().ToLowerInvariant();

    /// <summary>
    /// Email addresses are kept as the library normalizes them for the blind index (lower case, no trailing
    /// dot), so <c>Ada@Example.org.</c> and <c>ada@example.org</c> are one account.
    /// </summary>
    public static string? NormalizeEmail(string? email) => email is null ? null : GdprMailAddress.Normalize(email);

    /// <summary>User names cannot hold '@', so a login with one is an email address.</summary>
    public static bool IsEmailLogin(string login) => login.Contains('@', StringComparison.Ordinal);

    private static void CheckNewPassword(ValidationErrors errors, string field, string? password)
    {
        if (errors.Require(field, password, "a password") && password.Length is < PasswordMinLength or > PasswordMaxLength)
        {
            errors.Add(field, $"A password has {PasswordMinLength} to {PasswordMaxLength} characters.");
        }
    }

    /// <summary>An address the library's outbox can mail: the one definition, so no account is made that its notice cannot reach.</summary>
    private static bool IsEmailAddress(string email) => email.Length <= AppUser.EmailMaxLength && GdprMailAddress.IsDeliverable(email);

    /// <summary>
    /// Characters that let a name shown to others pose as something else: controls, line and paragraph
    /// separators (U+2028, U+2029), and the bidirectional marks, embeddings, overrides and isolates that
    /// reorder the text around them.
    /// </summary>
    private static bool IsSpoofingCharacter(char c)
        => char.IsControl(c)
            || char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            || c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static bool IsPhoneNumber(string phone)
        => phone.Length <= AppUser.PhoneMaxLength && PhonePattern().IsMatch(phone) && phone.Any(char.IsAsciiDigit);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();

    [GeneratedRegex(@"^\+?[0-9 ()./-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();
}
