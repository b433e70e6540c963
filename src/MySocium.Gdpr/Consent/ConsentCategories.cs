namespace MySocium.Gdpr.Consent;

/// <summary>The built-in consent categories.</summary>
public static class ConsentCategories
{
    /// <summary>Cookies the application cannot work without (session, authentication, security). Always on.</summary>
    public const string Necessary = "necessary";

    /// <summary>Cookies that remember the visitor's choices (language, theme, staying signed in).</summary>
    public const string Preferences = "preferences";

    /// <summary>Cookies that measure how the application is used.</summary>
    public const string Analytics = "analytics";

    /// <summary>Cookies that profile the visitor for advertising.</summary>
    public const string Marketing = "marketing";
}
