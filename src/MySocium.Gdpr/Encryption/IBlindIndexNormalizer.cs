namespace MySocium.Gdpr.Encryption;

/// <summary>
/// Normalizes a searchable value before its blind index is computed, so values a user would
/// call equal find each other. Name it with <see cref="PersonalDataAttribute.Normalizer"/>; it
/// needs a public parameterless constructor and must be deterministic.
/// </summary>
public interface IBlindIndexNormalizer
{
    /// <summary>Returns the normalized form of <paramref name="value"/>.</summary>
    /// <param name="value">The value as the application has it.</param>
    /// <returns>The form that is indexed and looked up.</returns>
    string Normalize(string value);
}
