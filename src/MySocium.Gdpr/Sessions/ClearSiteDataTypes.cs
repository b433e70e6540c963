namespace MySocium.Gdpr.Sessions;

/// <summary>
/// What a <c>Clear-Site-Data</c> response header asks the browser to delete for the site's origin.
/// Browsers honour the header only over HTTPS (and on <c>localhost</c>).
/// </summary>
[Flags]
public enum ClearSiteDataTypes
{
    /// <summary>No <c>Clear-Site-Data</c> header.</summary>
    None = 0,

    /// <summary><c>"cache"</c>: the browser's cached responses, such as pages that showed the user's data.</summary>
    Cache = 1,

    /// <summary><c>"storage"</c>: local and session storage, IndexedDB, service workers and the like.</summary>
    Storage = 2,

    /// <summary>
    /// <c>"cookies"</c>: every cookie of the registrable domain (<c>example.com</c> and all its
    /// subdomains), including the consent cookie and other applications' cookies on that domain.
    /// </summary>
    Cookies = 4,

    /// <summary><c>"executionContexts"</c>: reloads the site's open documents.</summary>
    ExecutionContexts = 8,
}
