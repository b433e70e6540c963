using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MySocium.Gdpr.Keys;

namespace MySocium.Gdpr;

/// <summary>Chooses where MySocium.Gdpr's root key comes from.</summary>
public static class GdprBuilderKeyExtensions
{
    /// <summary>
    /// Creates the root key on first start and keeps it in the host's database, protected by
    /// ASP.NET Core Data Protection, instead of reading <c>Gdpr:Encryption:RootKey</c>. Configure
    /// Data Protection's key storage and protection (<c>services.AddDataProtection()…</c>) as for
    /// any multi-instance app: without its keys, the root key and so every encrypted value is lost.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddMySociumGdpr</c>.</param>
    /// <returns>The same builder.</returns>
    public static IGdprBuilder UseDataProtectionRootKey(this IGdprBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddDataProtection();
        builder.Services.TryAddSingleton<IRootKeyProvider, DataProtectionRootKeyProvider>();
        return builder;
    }

    /// <summary>Takes the root key from a provider of the host's (a key vault, a hardware module).</summary>
    /// <typeparam name="TProvider">The provider; registered as a singleton.</typeparam>
    /// <param name="builder">The builder returned by <c>AddMySociumGdpr</c>.</param>
    /// <returns>The same builder.</returns>
    public static IGdprBuilder UseRootKeyProvider<TProvider>(this IGdprBuilder builder)
        where TProvider : class, IRootKeyProvider
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.TryAddSingleton<IRootKeyProvider, TProvider>();
        return builder;
    }
}
