using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using MySocium.Gdpr.Consent;

namespace MySocium.Gdpr;

/// <summary>Reads and rewrites <c>Set-Cookie</c> header values without parsing them whole.</summary>
internal static class SetCookieHeader
{
    public static ReadOnlySpan<char> Name(string value)
    {
        var end = value.AsSpan().IndexOfAny('=', ';');
        return (end < 0 ? value.AsSpan() : value.AsSpan(0, end)).Trim();
    }

    /// <summary>Whether the header removes the cookie (expired in the past or <c>max-age</c> not positive): always allowed.</summary>
    public static bool IsDeletion(string value)
    {
        foreach (var range in value.AsSpan().Split(';'))
        {
            var attribute = value.AsSpan(range).Trim();
            if (attribute.StartsWith("max-age=", StringComparison.OrdinalIgnoreCase))
            {
                return attribute[8..].Trim() is var age && (age.StartsWith('-') || age.SequenceEqual("0"));
            }

            if (attribute.StartsWith("expires=", StringComparison.OrdinalIgnoreCase))
            {
                return attribute.Contains("1970", StringComparison.Ordinal);
            }
        }

        return false;
    }

    /// <summary>Whether the header carries the <c>Secure</c> attribute.</summary>
    public static bool IsSecure(string value)
    {
        foreach (var range in value.AsSpan().Split(';'))
        {
            if (value.AsSpan(range).Trim().Equals("secure", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The same cookie without <c>expires</c> and <c>max-age</c>: it ends with the browser session.</summary>
    public static string WithoutExpiry(string value)
    {
        var parts = value.Split(';', StringSplitOptions.TrimEntries);
        return string.Join("; ", parts.Where((part, index) => index == 0
            || !(part.StartsWith("expires=", StringComparison.OrdinalIgnoreCase) || part.StartsWith("max-age=", StringComparison.OrdinalIgnoreCase))));
    }

    /// <summary>
    /// Expires a cookie on every path and domain it may have been set with: the declared ones,
    /// <c>/</c>, the request's host only, and the host's parent domains (where scripts such as
    /// analytics tags set theirs).
    /// </summary>
    public static void Expire(HttpContext context, string name, GdprCookieDeclaration declaration)
    {
        string[] paths = declaration.Path == "/" ? ["/"] : [declaration.Path, "/"];
        foreach (var domain in Domains(context.Request.Host.Host, declaration.Domain))
        {
            foreach (var path in paths)
            {
                // Appended as written: Cookies.Delete would drop the variants already added whose path starts alike.
                var expired = new SetCookieHeaderValue(name, "") { Expires = DateTimeOffset.UnixEpoch, Path = path, Domain = domain, Secure = context.Request.IsHttps };
                context.Response.Headers.Append(HeaderNames.SetCookie, expired.ToString());
            }
        }
    }

    private static IEnumerable<string?> Domains(string host, string? declared)
    {
        yield return null;
        if (declared is not null)
        {
            yield return declared;
        }

        if (System.Net.IPAddress.TryParse(host, out _) || !host.Contains('.', StringComparison.Ordinal))
        {
            yield break;
        }

        for (var domain = host; domain.IndexOf('.', StringComparison.Ordinal) is var dot and >= 0; domain = domain[(dot + 1)..])
        {
            if (!string.Equals(domain, declared, StringComparison.OrdinalIgnoreCase))
            {
                yield return domain;
            }
        }
    }
}
