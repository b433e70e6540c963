using System.Text.Json;
using System.Text.Json.Serialization;

namespace MySocium.Gdpr.Consent;

/// <summary>The JSON the consent endpoints answer with.</summary>
internal sealed record ConsentState(
    string Status,
    bool NeedsDecision,
    string PolicyVersion,
    Guid? ConsentId,
    DateTimeOffset? DecidedAt,
    DateTimeOffset? ExpiresAt,
    bool GlobalPrivacyControl,
    IReadOnlyList<ConsentCategoryState> Categories,
    IReadOnlyDictionary<string, string> GoogleConsentMode)
{
    public static ConsentState Of(IGdprConsentFeature consent, GdprConsentOptions options, ConsentCategoryTable table) => new(
        JsonNamingPolicy.CamelCase.ConvertName(consent.Status.ToString()),
        consent.NeedsDecision,
        table.PolicyVersion,
        consent.ConsentId,
        consent.DecidedAt,
        consent.DecidedAt + options.Lifetime,
        consent.GlobalPrivacyControl,
        [.. consent.Categories.Select(c => new ConsentCategoryState(c, consent.IsGranted(c), c == ConsentCategories.Necessary, consent.IsRefusedByGlobalPrivacyControl(c)))],
        GoogleConsentModeSignals.Of(consent));
}

/// <summary>One category in <see cref="ConsentState"/>.</summary>
internal sealed record ConsentCategoryState(string Name, bool Granted, bool Required, bool RefusedByGlobalPrivacyControl);

/// <summary>The body of <c>POST /gdpr/consent</c>: the optional categories to grant (every other one is refused), and how: <c>api</c>, <c>banner</c> or <c>settingsPage</c>.</summary>
internal sealed record ConsentRequest(IReadOnlyList<string>? Categories, string? Method);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ConsentState))]
[JsonSerializable(typeof(ConsentRequest))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class ConsentJson : JsonSerializerContext;
