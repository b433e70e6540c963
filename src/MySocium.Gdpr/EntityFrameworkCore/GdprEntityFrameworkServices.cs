using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr.EntityFrameworkCore;

/// <summary>
/// The application's side of the EF Core plugin: one per application container. EF Core keeps
/// one internal service provider, and so one compiled model, per instance, so two containers
/// with different keys never share a model.
/// </summary>
internal sealed class GdprEntityFrameworkServices(IServiceProvider applicationServices, KeyRing keys, IOptions<GdprOptions> options)
{
    /// <summary>Gets the application's root service provider.</summary>
    public IServiceProvider ApplicationServices { get; } = applicationServices;

    /// <summary>Gets the data keys the converters encrypt with.</summary>
    public KeyRing Keys { get; } = keys;

    /// <summary>Gets the library's options.</summary>
    public GdprOptions Options => options.Value;

    /// <summary>Gets whether <paramref name="contextType"/> holds the library's own state.</summary>
    public bool IsStore(Type contextType) => ApplicationServices.GetService<GdprStore>()?.ContextType == contextType;
}
