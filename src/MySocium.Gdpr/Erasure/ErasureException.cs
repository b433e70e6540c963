namespace MySocium.Gdpr.Erasure;

/// <summary>An erasure statement failed; the transaction was rolled back and nothing was changed. The message names the step.</summary>
public sealed class ErasureException : Exception
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public ErasureException()
        : this("The erasure failed; nothing was changed.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What failed.</param>
    public ErasureException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public ErasureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
