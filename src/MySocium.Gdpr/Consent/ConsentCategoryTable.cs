using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Consent;

/// <summary>
/// The categories (each a bit of a decision's mask) and the cookie registry, built once from the
/// options and the framework's own cookie names. Its stamp changes whenever the policy version or
/// any declaration does, which makes earlier decisions outdated.
/// </summary>
internal sealed class ConsentCategoryTable
{
    public const int MaxCategories = 32;

    /// <summary>The bit of <c>preferences</c>, second of <see cref="BuiltIn"/>.</summary>
    public const uint PreferencesBit = 1u << 1;

    public static readonly string[] BuiltIn = [ConsentCategories.Necessary, ConsentCategories.Preferences, ConsentCategories.Analytics, ConsentCategories.Marketing];

    /// <summary>Cookies ASP.NET Core sets for sign-in, antiforgery, sessions and external login: necessary.</summary>
    private static readonly string[] FrameworkPrefixes =
    [
        ".AspNetCore.Antiforgery.", ".AspNetCore.Correlation.", ".AspNetCore.OpenIdConnect.Nonce.",
        ".AspNetCore.Session", ".AspNetCore.Identity.", ".AspNetCore.Cookies", ".AspNetCore.Mvc.CookieTempDataProvider",
    ];

    private readonly FrozenDictionary<string, int> _categories;
    private readonly FrozenDictionary<string, GdprCookieDeclaration> _exact;
    private readonly (string Prefix, GdprCookieDeclaration Declaration)[] _prefixes;
    private readonly string[] _necessaryPrefixes;
    private readonly string[] _authenticationCookies;
    private readonly IList<GdprCookieDeclaration> _cookies;
    private volatile ConsentPolicy _policy;

    public ConsentCategoryTable(IOptions<GdprOptions> options, IServiceProvider services)
    {
        var consent = options.Value.Consent;
        Names = [.. BuiltIn, .. consent.Categories];
        _categories = Names.Select((name, index) => (name, index)).ToFrozenDictionary(c => c.name, c => c.index, StringComparer.Ordinal);
        OptionalMask = Names.Length == 32 ? ~1u : ((1u << Names.Length) - 1) & ~1u;
        RefusedByGpcMask = consent.RefusedByGlobalPrivacyControl.Aggregate(0u, (mask, name) => mask | Bit(name));
        ConsentCookieName = consent.CookieName;
        _exact = consent.Cookies.Where(c => !c.Name.EndsWith('*')).ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);
        _prefixes = [.. consent.Cookies.Where(c => c.Name.EndsWith('*')).Select(c => (c.Name[..^1], c)).OrderByDescending(p => p.Item1.Length)];
        _authenticationCookies = [.. AuthenticationCookieNames(services)];
        _necessaryPrefixes = [.. FrameworkPrefixes, .. _authenticationCookies, .. SessionAndAntiforgeryCookieNames(services)];
        _cookies = consent.Cookies;
        _policy = new ConsentPolicy(consent.PolicyVersion, ComputeStamp(consent.PolicyVersion));
    }

    /// <summary>Gets the category names; a name's index is its bit in a decision's mask.</summary>
    public string[] Names { get; }

    /// <summary>Gets the bits of every optional category.</summary>
    public uint OptionalMask { get; }

    /// <summary>Gets the bits a <c>Sec-GPC: 1</c> request refuses when the visitor has not chosen.</summary>
    public uint RefusedByGpcMask { get; }

    public string ConsentCookieName { get; }

    /// <summary>Gets the policy version and its stamp, read together: a new version may be installed at any time.</summary>
    public ConsentPolicy Policy => _policy;

    public string PolicyVersion => _policy.Version;

    /// <summary>Gets 16 bytes of SHA-256 over the policy version and the declarations.</summary>
    public byte[] Stamp => _policy.Stamp;

    /// <summary>
    /// Makes <paramref name="version"/> the policy decisions are taken under (a published version took
    /// effect): decisions stamped with another version read as outdated from now on.
    /// </summary>
    public void UsePolicyVersion(string version)
    {
        if (!string.Equals(_policy.Version, version, StringComparison.Ordinal))
        {
            _policy = new ConsentPolicy(version, ComputeStamp(version));
        }
    }

    public uint Bit(string category) => _categories.TryGetValue(category, out var index) ? 1u << index : 0;

    public bool TryGetBit(string category, out uint bit)
    {
        bit = Bit(category);
        return bit != 0;
    }

    public IEnumerable<string> NamesOf(uint mask) => Names.Where((_, index) => (mask & (1u << index)) != 0);

    /// <summary>Finds the declaration of a cookie: its own, or the longest declared prefix.</summary>
    public GdprCookieDeclaration? Find(ReadOnlySpan<char> cookieName)
    {
        var lookup = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(cookieName, out var exact))
        {
            return exact;
        }

        foreach (var (prefix, declaration) in _prefixes)
        {
            if (cookieName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return declaration;
            }
        }

        return null;
    }

    /// <summary>
    /// Gets the bit a cookie needs: 0 for a necessary one (declared so, the consent cookie, or the
    /// framework's), <see cref="uint.MaxValue"/> for an undeclared one, which no consent allows.
    /// </summary>
    public uint RequiredBit(ReadOnlySpan<char> cookieName)
    {
        if (Find(cookieName) is { } declaration)
        {
            return Bit(declaration.Category) & ~1u;
        }

        if (cookieName.SequenceEqual(ConsentCookieName))
        {
            return 0;
        }

        foreach (var prefix in _necessaryPrefixes)
        {
            if (cookieName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return 0;
            }
        }

        return uint.MaxValue;
    }

    /// <summary>Gets whether a cookie is one a cookie-authentication scheme sets (a chunked one shares the prefix).</summary>
    public bool IsAuthenticationCookie(ReadOnlySpan<char> cookieName)
    {
        foreach (var name in _authenticationCookies)
        {
            if (cookieName.StartsWith(name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The cookie names of the host's cookie-authentication schemes.</summary>
    private static IEnumerable<string> AuthenticationCookieNames(IServiceProvider services)
    {
        if (services.GetService<IOptions<AuthenticationOptions>>() is { } authentication
            && services.GetService<IOptionsMonitor<CookieAuthenticationOptions>>() is { } cookies)
        {
            foreach (var scheme in authentication.Value.Schemes.Where(s => typeof(CookieAuthenticationHandler).IsAssignableFrom(s.HandlerType)))
            {
                if (cookies.Get(scheme.Name).Cookie.Name is { Length: > 0 } name)
                {
                    yield return name;
                }
            }
        }
    }

    /// <summary>The cookie names the host configured for sessions and antiforgery.</summary>
    private static IEnumerable<string> SessionAndAntiforgeryCookieNames(IServiceProvider services)
    {
        if (services.GetService<IOptions<AntiforgeryOptions>>()?.Value.Cookie.Name is { Length: > 0 } antiforgery)
        {
            yield return antiforgery;
        }

        if (services.GetService<IOptions<SessionOptions>>()?.Value.Cookie.Name is { Length: > 0 } session)
        {
            yield return session;
        }
    }

    private byte[] ComputeStamp(string policyVersion)
    {
        var canonical = new StringBuilder()
            .Append("policy\0").Append(policyVersion).Append('\0')
            .AppendJoin('\0', Names).Append('\0');
        foreach (var cookie in _cookies.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            canonical.Append("cookie\0").Append(cookie.Name).Append('\0').Append(cookie.Category).Append('\0').Append(cookie.Purpose).Append('\0');
        }

        return SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString()))[..16];
    }
}

/// <summary>A policy version and the stamp decisions taken under it carry.</summary>
internal sealed record ConsentPolicy(string Version, byte[] Stamp);
