using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Consent;
using MySocium.Gdpr.EntityFrameworkCore;
using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.Export;
using MySocium.Gdpr.Inventory;
using MySocium.Gdpr.Keys;
using MySocium.Gdpr.Notifications;
using MySocium.Gdpr.Sessions;
using MySocium.Gdpr.Retention;

namespace MySocium.Gdpr;

/// <summary>Adds MySocium.Gdpr to an application's services.</summary>
public static class GdprServiceCollectionExtensions
{
    /// <summary>
    /// Adds MySocium.Gdpr with its default settings. Calling it again registers nothing more.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <returns>A builder that the library's features extend.</returns>
    public static IGdprBuilder AddMySociumGdpr(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        AddCoreServices(services);
        return new GdprBuilder(services);
    }

    /// <summary>
    /// Adds MySocium.Gdpr and configures it in code. Calling it again registers no further
    /// services; a delegate passed again is applied after the earlier ones.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the options; they are validated when the host starts.</param>
    /// <returns>A builder that the library's features extend.</returns>
    public static IGdprBuilder AddMySociumGdpr(this IServiceCollection services, Action<GdprOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        AddCoreServices(services);
        services.Configure(configure);
        return new GdprBuilder(services);
    }

    /// <summary>
    /// Adds MySocium.Gdpr and binds its options from a configuration section, usually
    /// <c>Configuration.GetSection("Gdpr")</c>. Calling it again registers no further services;
    /// a section passed again is bound after the earlier ones.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="section">The section holding the options; they are validated when the host starts.</param>
    /// <returns>A builder that the library's features extend.</returns>
    public static IGdprBuilder AddMySociumGdpr(this IServiceCollection services, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);

        AddCoreServices(services);
        services.Configure<GdprOptions>(section);
        return new GdprBuilder(services);
    }

    private static void AddCoreServices(IServiceCollection services)
    {
        if (services.Any(static d => d.ServiceType == typeof(GdprMarkerService)))
        {
            return;
        }

        services.AddSingleton<GdprMarkerService>();
        services.AddLogging();
        services.AddOptions<GdprOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GdprOptions>, GdprOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GdprOptions>, GdprConsentOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GdprEntityFrameworkServices>();
        services.TryAddSingleton<KeyRing>();
        services.TryAddSingleton<KeyedHashes>();
        services.TryAddSingleton<GdprKeyRingService>();
        services.TryAddSingleton<IGdprKeyRing>(static sp => sp.GetRequiredService<GdprKeyRingService>());
        services.TryAddSingleton<EncryptedColumnJob>();
        services.TryAddSingleton<ReencryptionTrigger>();
        services.TryAddSingleton<IReencryptionJob, ReencryptionJob>();
        services.TryAddSingleton<IPlaintextMigrationJob, PlaintextMigrationJob>();
        services.TryAddSingleton<ErasurePlans>();
        services.TryAddSingleton<ErasureJournal>();
        services.TryAddSingleton<IPersonalDataEraser, PersonalDataEraser>();
        services.AddHostedService<ErasureJournalService>();
        services.TryAddSingleton<IPersonalDataExporter, PersonalDataExporter>();
        services.TryAddSingleton<ConsentCategoryTable>();
        services.TryAddSingleton<ConsentKeys>();
        services.TryAddSingleton<ConsentLedger>();
        services.TryAddSingleton<IConsentLedger>(static sp => sp.GetRequiredService<ConsentLedger>());
        services.TryAddSingleton<ConsentService>();
        services.TryAddSingleton<HttpsPolicy>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStoreErasureParticipant, ConsentLedgerErasure>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExportSection, ConsentExport>());
        GdprSessionServices.Add(services);
        services.TryAddSingleton<IPersonalDataInventory, PersonalDataInventoryService>();
        services.AddMetrics();
        services.TryAddSingleton<RetentionMetrics>();
        services.TryAddSingleton<RetentionPlans>();
        services.TryAddSingleton<IRetentionPruner, RetentionPruner>();
        services.AddHostedService<RetentionService>();
        GdprNotificationServices.Add(services);
    }
}
