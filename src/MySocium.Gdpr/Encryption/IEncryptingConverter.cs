namespace MySocium.Gdpr.Encryption;

/// <summary>
/// What the key-maintenance jobs need from an encrypting converter: its column, and the stored
/// form of an envelope, without decoding the property's value.
/// </summary>
internal interface IEncryptingConverter
{
    EncryptedColumn Column { get; }

    /// <summary>Gets the envelope a stored value holds.</summary>
    byte[] ToEnvelope(object stored);

    /// <summary>Gets the stored value that holds an envelope.</summary>
    object FromEnvelope(byte[] envelope);

    /// <summary>Gets whether a stored value is legacy plaintext (only in migration mode).</summary>
    bool IsPlaintext(object stored) => false;

    /// <summary>Encrypts a legacy plaintext stored value into its stored envelope (only in migration mode).</summary>
    object EncryptPlaintext(object stored)
        => throw new InvalidOperationException($"{Column.Entity}.{Column.Property} does not read legacy plaintext; set Gdpr:Encryption:AcceptPlaintext to migrate it.");
}
