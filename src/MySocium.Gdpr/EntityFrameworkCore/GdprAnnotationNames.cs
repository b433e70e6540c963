namespace MySocium.Gdpr.EntityFrameworkCore;

/// <summary>Names of the model annotations the library writes.</summary>
internal static class GdprAnnotationNames
{
    private const string Prefix = "MySocium.Gdpr:";

    /// <summary>On the model: it was built with <c>UseMySociumGdpr(sp)</c>.</summary>
    public const string Enabled = Prefix + "Enabled";
}
