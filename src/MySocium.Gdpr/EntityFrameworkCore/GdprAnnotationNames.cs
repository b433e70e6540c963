namespace MySocium.Gdpr.EntityFrameworkCore;

/// <summary>Names of the model annotations the library writes.</summary>
internal static class GdprAnnotationNames
{
    private const string Prefix = "MySocium.Gdpr:";

    /// <summary>On the model: it was built with <c>UseMySociumGdpr(sp)</c>.</summary>
    public const string Enabled = Prefix + "Enabled";

    /// <summary>On a property: its values are encrypted.</summary>
    public const string Encrypted = Prefix + "Encrypted";

    /// <summary>On a searchable property: the name of its blind-index shadow property.</summary>
    public const string BlindIndex = Prefix + "BlindIndex";

    /// <summary>On a blind-index shadow property: the name of the property it indexes.</summary>
    public const string BlindIndexOf = Prefix + "BlindIndexOf";
}
