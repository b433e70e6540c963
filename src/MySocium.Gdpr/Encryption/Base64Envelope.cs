namespace MySocium.Gdpr.Encryption;

internal static class Base64Envelope
{
    public static byte[] Decode(string text, EncryptedColumn column)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new PersonalDataDecryptionException(column.Entity, column.Property, null, "the stored text is not Base64.");
        }
    }

    /// <summary>Gets the envelope a stored text holds, or <see langword="null"/> when the text is legacy plaintext.</summary>
    public static byte[]? TryDecodeEnvelope(string text, EncryptedColumn column)
    {
        var buffer = new byte[text.Length * 3 / 4];
        return Convert.TryFromBase64String(text, buffer, out var written) && column.IsEnvelope(buffer.AsSpan(0, written))
            ? buffer[..written]
            : null;
    }

    /// <summary>Decrypts a stored text, or returns it as it is when it is legacy plaintext.</summary>
    public static string DecryptOrPlaintext(string text, EncryptedColumn column, PlaintextCodec<string> codec)
        => TryDecodeEnvelope(text, column) is { } envelope ? column.Decrypt(envelope, codec) : text;
}
