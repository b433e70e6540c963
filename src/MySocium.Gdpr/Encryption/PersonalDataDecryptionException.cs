namespace MySocium.Gdpr.Encryption;

/// <summary>
/// A stored value could not be decrypted: it was tampered with, truncated, copied from another
/// column, or written under a key this application does not have. The message names the entity,
/// the property and the key id; it never holds the value or key material.
/// </summary>
public sealed class PersonalDataDecryptionException : Exception
{
    /// <summary>Initializes a new instance with a generic message.</summary>
    public PersonalDataDecryptionException()
        : this("A stored personal-data value could not be decrypted.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What failed, without the value or key material.</param>
    public PersonalDataDecryptionException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the cause.</summary>
    /// <param name="message">What failed, without the value or key material.</param>
    /// <param name="innerException">The cause.</param>
    public PersonalDataDecryptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal PersonalDataDecryptionException(string entity, string property, uint? keyId, string reason, bool damaged = true)
        : base(keyId is { } id
            ? $"Cannot decrypt {entity}.{property} (key id {id}): {reason}"
            : $"Cannot decrypt {entity}.{property}: {reason}")
    {
        Entity = entity;
        Property = property;
        KeyId = keyId;
        Damaged = damaged;
    }

    /// <summary>Gets the entity type whose value failed, when known.</summary>
    public string? Entity { get; }

    /// <summary>Gets the property whose value failed, when known.</summary>
    public string? Property { get; }

    /// <summary>Gets the key id the envelope names, when it could be read.</summary>
    public uint? KeyId { get; }

    /// <summary>
    /// Gets whether the stored value itself is at fault (altered, truncated, not an envelope), rather than this
    /// application (a data key it does not hold, an algorithm or envelope version it does not know): only then may a
    /// job that must not keep raw data give up on the value.
    /// </summary>
    internal bool Damaged { get; }
}
