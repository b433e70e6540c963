namespace MySocium.Gdpr.Notifications;

/// <summary>
/// An address given to the notifier is not one deliverable email address (see
/// <see cref="GdprMailAddress.IsDeliverable"/>). Nothing was queued or recorded. The message never
/// quotes the address. Check addresses with <see cref="GdprMailAddress.IsDeliverable"/> where they are
/// entered, so this only signals a bug.
/// </summary>
public sealed class GdprMailAddressException : ArgumentException
{
    /// <summary>Initializes the exception for the parameter that held the address.</summary>
    /// <param name="paramName">The parameter.</param>
    public GdprMailAddressException(string? paramName)
        : base("The address must be one email address, such as 'ada@example.org', without a name, a control character or a line break, and at most 254 characters long. Check it with GdprMailAddress.IsDeliverable where it is entered.", paramName)
    {
    }

    /// <summary>Initializes the exception with the default message.</summary>
    public GdprMailAddressException()
        : this(null)
    {
    }

    /// <summary>Initializes the exception with a message of the caller's.</summary>
    /// <param name="message">The message; it must not quote the address.</param>
    /// <param name="innerException">The cause, if any.</param>
    public GdprMailAddressException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
