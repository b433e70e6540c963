namespace MySocium.Gdpr;

/// <summary>Registered once by <c>AddMySociumGdpr</c>, so later calls and the <c>Use…</c>/<c>Map…</c> entry points can tell it ran.</summary>
internal sealed class GdprMarkerService;
