using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Notifications;

namespace MySocium.Gdpr.MailKit;

/// <summary>Delivers MySocium.Gdpr's mail over SMTP with MailKit.</summary>
public static class GdprBuilderMailKitExtensions
{
    /// <summary>
    /// Sends the outbox's mail through the SMTP server configured in <paramref name="section"/>
    /// (usually <c>Configuration.GetSection("Smtp")</c>: <c>Host</c>, <c>Port</c>, <c>Security</c>,
    /// <c>UserName</c>, <c>Password</c>, <c>From</c>, <c>Timeout</c>), validated when the host starts.
    /// </summary>
    /// <param name="builder">The builder returned by <c>AddMySociumGdpr</c>.</param>
    /// <param name="section">The section holding the settings; error messages name its keys.</param>
    /// <returns>The same builder.</returns>
    public static IGdprBuilder AddMailKitDelivery(this IGdprBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);

        builder.Services.Configure<GdprSmtpOptions>(section);
        return AddSender(builder, section.Path);
    }

    /// <summary>Sends the outbox's mail through the SMTP server set in code, validated when the host starts.</summary>
    /// <param name="builder">The builder returned by <c>AddMySociumGdpr</c>.</param>
    /// <param name="configure">Sets the server.</param>
    /// <returns>The same builder.</returns>
    public static IGdprBuilder AddMailKitDelivery(this IGdprBuilder builder, Action<GdprSmtpOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);

        builder.Services.Configure(configure);
        return AddSender(builder, GdprMailKit.DefaultSectionName);
    }

    private static IGdprBuilder AddSender(IGdprBuilder builder, string section)
    {
        builder.Services.AddOptions<GdprSmtpOptions>().ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GdprSmtpOptions>>(new GdprSmtpOptionsValidator(section)));
        builder.Services.TryAddSingleton<IGdprNotificationSender, MailKitNotificationSender>();
        return builder;
    }
}
