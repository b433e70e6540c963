namespace MySocium.Gdpr.Sample.Account;

// Request bodies are classes rather than records so that no generated ToString can print a password.
// Every property is nullable because a client may leave it out; validation reports what is missing.

/// <summary>The body of <c>POST /api/account/register</c>.</summary>
public sealed class RegisterRequest
{
    /// <summary>Gets the user name to log in with: 3 to 32 letters, digits, '.', '_' or '-'; kept in lower case.</summary>
    public string? UserName { get; init; }

    /// <summary>Gets the email address, also usable to log in; kept in lower case.</summary>
    public string? Email { get; init; }

    /// <summary>Gets the password: 8 to 128 characters.</summary>
    public string? Password { get; init; }

    /// <summary>Gets the name shown to other users.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Gets the optional phone number.</summary>
    public string? Phone { get; init; }
}

/// <summary>The body of <c>POST /api/account/login</c>.</summary>
public sealed class LoginRequest
{
    /// <summary>Gets the user name or the email address.</summary>
    public string? Login { get; init; }

    /// <summary>Gets the password.</summary>
    public string? Password { get; init; }
}

/// <summary>The body of <c>POST /api/account/password</c>.</summary>
public sealed class ChangePasswordRequest
{
    /// <summary>Gets the password now in use.</summary>
    public string? CurrentPassword { get; init; }

    /// <summary>Gets the new password: 8 to 128 characters.</summary>
    public string? NewPassword { get; init; }
}

/// <summary>The body of <c>DELETE /api/account</c>.</summary>
public sealed class DeleteAccountRequest
{
    /// <summary>Gets the account's password, confirming the deletion.</summary>
    public string? Password { get; init; }
}
