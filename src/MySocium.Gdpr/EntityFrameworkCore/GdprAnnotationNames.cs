namespace MySocium.Gdpr.EntityFrameworkCore;

/// <summary>Names of the model annotations the library writes.</summary>
internal static class GdprAnnotationNames
{
    private const string Prefix = "MySocium.Gdpr:";

    /// <summary>On the model: it was built with <c>UseMySociumGdpr(sp)</c>.</summary>
    public const string Enabled = Prefix + "Enabled";

    /// <summary>On a property: its values are encrypted.</summary>
    public const string Encrypted = Prefix + "Encrypted";
}
