using Microsoft.AspNetCore.Http;

namespace MySocium.Gdpr.Sessions;

/// <summary>What the wipe and the ticket store have done in one request, kept as a request feature.</summary>
internal sealed class SessionWipeState
{
    private readonly HashSet<string> _removedKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _movedKeys = new(StringComparer.Ordinal);

    /// <summary>Gets or sets whether <c>WipeSessionAsync</c> is running, so the sign-outs it makes do not start another wipe.</summary>
    public bool Wiping { get; set; }

    /// <summary>Gets or sets whether a sign-out has scheduled the wipe of the response.</summary>
    public bool Scheduled { get; set; }

    /// <summary>Gets or sets whether a ticket was stored or renewed after a sign-out: the request signed in again.</summary>
    public bool SignedInAgain { get; set; }

    public static SessionWipeState For(HttpContext context)
    {
        var state = context.Features.Get<SessionWipeState>();
        if (state is null)
        {
            state = new SessionWipeState();
            context.Features.Set(state);
        }

        return state;
    }

    public static SessionWipeState? Find(HttpContext? context) => context?.Features.Get<SessionWipeState>();

    /// <summary>Records that this request removed the ticket under <paramref name="key"/>.</summary>
    public void Removed(string key) => _removedKeys.Add(key);

    /// <summary>Whether this request removed the ticket under <paramref name="key"/>.</summary>
    public bool WasRemoved(string key) => _removedKeys.Contains(key);

    /// <summary>Records that this request's session under <paramref name="from"/> now lives under <paramref name="to"/>.</summary>
    public void Moved(string from, string to) => _movedKeys[from] = to;

    /// <summary>The key the session read under <paramref name="key"/> moved to in this request, or null.</summary>
    public string? MovedTo(string key) => _movedKeys.GetValueOrDefault(key);
}
