namespace MySocium.Gdpr.Sample.Account;

/// <summary>
/// The account feature's log. Entries carry the account's random id, never a user name, email,
/// password, IP address or user agent; once the account is erased the id points at nothing.
/// </summary>
internal sealed partial class AccountLog(ILogger<AccountLog> logger)
{
    [LoggerMessage(100, LogLevel.Information, "Account {UserId} registered")]
    public partial void Registered(Guid userId);

    [LoggerMessage(101, LogLevel.Information, "Account {UserId} logged in")]
    public partial void LoggedIn(Guid userId);

    [LoggerMessage(102, LogLevel.Warning, "A login failed: no account matches, or the password is wrong")]
    public partial void LoginFailed();

    [LoggerMessage(103, LogLevel.Information, "Account {UserId} logged out")]
    public partial void LoggedOut(Guid userId);

    [LoggerMessage(104, LogLevel.Information, "Account {UserId} changed its password; its other sessions end")]
    public partial void PasswordChanged(Guid userId);

    [LoggerMessage(105, LogLevel.Warning, "Account {UserId} gave a wrong password to {Action}")]
    public partial void WrongPassword(Guid userId, string action);

    [LoggerMessage(106, LogLevel.Information, "Account {UserId} exported its data")]
    public partial void Exported(Guid userId);

    [LoggerMessage(107, LogLevel.Information, "Account {UserId} was erased: {RowCount} rows deleted")]
    public partial void Erased(Guid userId, int rowCount);

    [LoggerMessage(108, LogLevel.Information, "A session of account {UserId} was ended: its security stamp is out of date or the account is gone")]
    public partial void SessionRejected(Guid userId);

    [LoggerMessage(109, LogLevel.Information, "A registration gave the address of an existing account; its owner is told by mail, and no account was created")]
    public partial void RegistrationForKnownAddress();
}
