using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Consent;

/// <summary>Checks what the attributes on <see cref="GdprConsentOptions"/> cannot: categories and cookie declarations against each other.</summary>
internal sealed partial class GdprConsentOptionsValidator : IValidateOptions<GdprOptions>
{
    public ValidateOptionsResult Validate(string? name, GdprOptions options)
    {
        var consent = options.Consent;
        var failures = new List<string>();
        for (var i = 0; i < consent.Categories.Count; i++)
        {
            var category = consent.Categories[i];
            if (category is null || !CategoryName().IsMatch(category))
            {
                failures.Add($"Gdpr:Consent:Categories:{i} must be lower-case letters, digits and '-', such as 'video'.");
            }
            else if (ConsentCategoryTable.BuiltIn.Contains(category, StringComparer.Ordinal) || consent.Categories.Take(i).Contains(category, StringComparer.Ordinal))
            {
                failures.Add($"Gdpr:Consent:Categories:{i} ('{category}') is declared twice or is built in.");
            }
        }

        if (ConsentCategoryTable.BuiltIn.Length + consent.Categories.Count > ConsentCategoryTable.MaxCategories)
        {
            failures.Add($"Gdpr:Consent:Categories holds {consent.Categories.Count} categories; at most {ConsentCategoryTable.MaxCategories - ConsentCategoryTable.BuiltIn.Length} fit.");
        }

        var known = ConsentCategoryTable.BuiltIn.Concat(consent.Categories).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < consent.Cookies.Count; i++)
        {
            var cookie = consent.Cookies[i];
            if (cookie is null || !CookieName().IsMatch(cookie.Name ?? ""))
            {
                failures.Add($"Gdpr:Consent:Cookies:{i}:Name must be a cookie name, or a prefix ending with '*' such as '_ga*'.");
                continue;
            }

            if (!known.Contains(cookie.Category ?? ""))
            {
                failures.Add($"Gdpr:Consent:Cookies:{i}:Category ('{cookie.Category}', for cookie '{cookie.Name}') must be necessary, preferences, analytics, marketing or one of Gdpr:Consent:Categories.");
            }

            if (cookie.Path is null || !cookie.Path.StartsWith('/'))
            {
                failures.Add($"Gdpr:Consent:Cookies:{i}:Path (for cookie '{cookie.Name}') must start with '/'.");
            }
        }

        for (var i = 0; i < consent.RefusedByGlobalPrivacyControl.Count; i++)
        {
            var category = consent.RefusedByGlobalPrivacyControl[i];
            if (category == ConsentCategories.Necessary || !known.Contains(category ?? ""))
            {
                failures.Add($"Gdpr:Consent:RefusedByGlobalPrivacyControl:{i} ('{category}') must be an optional category.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    private static partial Regex CategoryName();

    [GeneratedRegex("^[A-Za-z0-9!#$%&'+.^_`|~-]+\\*?$")]
    private static partial Regex CookieName();
}
