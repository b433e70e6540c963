namespace MySocium.Gdpr;

/// <summary>The library's one meter: every feature's counters are created on it through <c>IMeterFactory</c>.</summary>
internal static class GdprMeter
{
    public const string Name = "MySocium.Gdpr";
}
