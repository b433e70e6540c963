namespace MySocium.Gdpr.Encryption;

internal static class BlindIndexNames
{
    /// <summary>Appended to a searchable property's name to name its blind-index shadow property and column.</summary>
    public const string Suffix = "_BlindIndex";
}
