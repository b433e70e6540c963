namespace MySocium.Gdpr.EntityFrameworkCore;

/// <summary>
/// The application's side of the EF Core plugin: one per application container. EF Core keeps
/// one internal service provider, and so one compiled model, per instance, so two containers
/// with different keys never share a model.
/// </summary>
internal sealed class GdprEntityFrameworkServices(IServiceProvider applicationServices)
{
    /// <summary>Gets the application's root service provider.</summary>
    public IServiceProvider ApplicationServices { get; } = applicationServices;
}
