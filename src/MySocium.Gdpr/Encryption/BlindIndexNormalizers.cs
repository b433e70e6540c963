using System.Text;
using MySocium.Gdpr.Notifications;

namespace MySocium.Gdpr.Encryption;

/// <summary>The built-in normalizations, and custom ones named by type.</summary>
internal static class BlindIndexNormalizers
{
    public static Func<string, string>? For(Normalization normalization, Type? custom)
    {
        if (custom is not null)
        {
            if (!typeof(IBlindIndexNormalizer).IsAssignableFrom(custom) || custom.GetConstructor(Type.EmptyTypes) is null)
            {
                throw new InvalidOperationException(
                    $"The blind-index normalizer {custom.Name} must implement IBlindIndexNormalizer and have a public parameterless constructor.");
            }

            return ((IBlindIndexNormalizer)Activator.CreateInstance(custom)!).Normalize;
        }

        return normalization switch
        {
            Normalization.None => null,
            Normalization.Trim => static v => v.Trim(),
            Normalization.Email => GdprMailAddress.Normalize,
            Normalization.Phone => Phone,
            _ => throw new InvalidOperationException($"Unknown normalization {normalization}."),
        };
    }

    private static string Phone(string value)
    {
        var trimmed = value.AsSpan().Trim();
        var normalized = new StringBuilder(trimmed.Length);
        if (trimmed.StartsWith('+'))
        {
            normalized.Append('+');
        }

        foreach (var c in trimmed)
        {
            if (char.IsAsciiDigit(c))
            {
                normalized.Append(c);
            }
        }

        return normalized.ToString();
    }
}
