namespace MySocium.Gdpr.Sample.Settings;

/// <summary>
/// Reads a setting whose value names an enum member. Options keep such settings as text, so a bad
/// value fails validation with a message that lists the allowed values, not a bare conversion error.
/// </summary>
internal static class EnumSetting
{
    public static bool TryParse<TEnum>(string? value, out TEnum result)
        where TEnum : struct, Enum
    {
        // Names only: Enum.TryParse would also accept numbers such as "1".
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(candidate.ToString(), value?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                result = candidate;
                return true;
            }
        }

        result = default;
        return false;
    }

    public static TEnum Parse<TEnum>(string? value, string key)
        where TEnum : struct, Enum
        => TryParse<TEnum>(value, out var result) ? result : throw new InvalidOperationException(InvalidValueMessage<TEnum>(key));

    /// <summary>Names the key and the allowed values; the bad value itself is left out.</summary>
    public static string InvalidValueMessage<TEnum>(string key)
        where TEnum : struct, Enum
        => $"{key} must be one of: {string.Join(", ", Enum.GetNames<TEnum>())}.";
}
