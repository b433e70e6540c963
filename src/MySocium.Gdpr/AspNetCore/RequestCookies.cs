using Microsoft.Extensions.Primitives;

namespace MySocium.Gdpr;

/// <summary>
/// Reads cookies straight from the request's <c>Cookie</c> headers, without building
/// <c>Request.Cookies</c>: the middleware runs on every request and should allocate nothing.
/// </summary>
internal ref struct RequestCookies
{
    private readonly StringValues _headers;
    private int _header;
    private ReadOnlySpan<char> _rest;

    public RequestCookies(StringValues headers)
    {
        _headers = headers;
        _header = -1;
        _rest = default;
        Name = default;
        Value = default;
    }

    public ReadOnlySpan<char> Name { get; private set; }

    public ReadOnlySpan<char> Value { get; private set; }

    /// <summary>Finds the first cookie of that name.</summary>
    public static bool TryGet(StringValues headers, ReadOnlySpan<char> name, out ReadOnlySpan<char> value)
    {
        var cookies = new RequestCookies(headers);
        while (cookies.MoveNext())
        {
            if (cookies.Name.SequenceEqual(name))
            {
                value = cookies.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Moves to the next <c>name=value</c> pair; pairs without a name are skipped.</summary>
    public bool MoveNext()
    {
        while (true)
        {
            while (_rest.IsEmpty)
            {
                if (++_header >= _headers.Count)
                {
                    return false;
                }

                _rest = _headers[_header].AsSpan();
            }

            var end = _rest.IndexOf(';');
            var pair = (end < 0 ? _rest : _rest[..end]).Trim();
            _rest = end < 0 ? default : _rest[(end + 1)..];
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            Name = pair[..equals].Trim();
            var value = pair[(equals + 1)..].Trim();
            Value = value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
            return true;
        }
    }
}
