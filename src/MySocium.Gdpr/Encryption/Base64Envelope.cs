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
}
