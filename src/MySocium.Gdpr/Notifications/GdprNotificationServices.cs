using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.Export;

namespace MySocium.Gdpr.Notifications;

/// <summary>Registers the notifications feature: outbox, templates, policy versions, unsubscribe, and its parts in erasure and export.</summary>
internal static class GdprNotificationServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GdprOptions>, GdprNotificationOptionsValidator>());
        services.TryAddSingleton<NotificationKeys>();
        services.TryAddSingleton<NotificationMetrics>();
        services.TryAddSingleton<GdprNotificationTemplates>();
        services.TryAddSingleton<OutboxTrigger>();
        services.TryAddSingleton<Outbox>();
        services.TryAddSingleton<OutboxDelivery>();
        services.TryAddSingleton<Notifier>();
        services.TryAddSingleton<IGdprNotifier>(static sp => sp.GetRequiredService<Notifier>());
        services.TryAddSingleton<SubjectDirectory>();
        services.TryAddSingleton<PolicyNoticeQueue>();
        services.TryAddSingleton<PolicyVersions>();
        services.TryAddSingleton<IGdprPolicyVersions>(static sp => sp.GetRequiredService<PolicyVersions>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStoreErasureParticipant, NotificationErasure>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExportSection, MailOptInExport>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExportSection, PolicyNoticeExport>());
    }
}
