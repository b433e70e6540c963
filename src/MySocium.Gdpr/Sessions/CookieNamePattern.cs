using System.Text.RegularExpressions;

namespace MySocium.Gdpr.Sessions;

/// <summary>A cookie name as options give it: exact, or a prefix ending with <c>*</c>.</summary>
internal static partial class CookieNamePattern
{
    /// <summary>Gets whether <paramref name="pattern"/> is a cookie name, optionally ending with <c>*</c>.</summary>
    public static bool IsValid(string? pattern) => pattern is not null && Syntax().IsMatch(pattern);

    /// <summary>Gets whether <paramref name="name"/> is the cookie <paramref name="pattern"/> names, or starts with its prefix.</summary>
    public static bool Matches(string pattern, string name) => pattern.EndsWith('*')
        ? name.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal)
        : string.Equals(pattern, name, StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9!#$%&'+.^_`|~-]+\\*?$")]
    private static partial Regex Syntax();
}
