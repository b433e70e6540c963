namespace MySocium.Gdpr.Notifications;

/// <summary>What happened to an account, as an account-activity mail reports it.</summary>
public enum GdprAccountActivityKind
{
    /// <summary>The account was created.</summary>
    AccountCreated,

    /// <summary>The password was changed.</summary>
    PasswordChanged,

    /// <summary>The email address was changed; the old address is told too.</summary>
    EmailChanged,

    /// <summary>The account and its data were erased; sent to the address the account had.</summary>
    ErasureCompleted,

    /// <summary>An export of the subject's data is ready.</summary>
    ExportReady,

    /// <summary>
    /// Someone tried to sign up with the address of an existing account. The sign-up answers as if it
    /// worked, so it tells no one which addresses have accounts; the owner learns of it by this mail.
    /// </summary>
    RegistrationAttempted,
}
