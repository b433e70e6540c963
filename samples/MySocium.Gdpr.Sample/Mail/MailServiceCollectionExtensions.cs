using Microsoft.Extensions.Options;
using MySocium.Gdpr.MailKit;

namespace MySocium.Gdpr.Sample.Mail;

/// <summary>Registers the sample's mail settings.</summary>
public static class MailServiceCollectionExtensions
{
    /// <summary>Binds the <c>Smtp</c> section into <see cref="SmtpOptions"/>, validated on start.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The application's configuration.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddMailOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmtpOptions>()
            .Bind(configuration.GetSection(SmtpOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>();
        return services;
    }

    /// <summary>
    /// Delivers the library's queued mail through the <c>Smtp</c> server when <c>Smtp:Host</c> is set;
    /// without it, mail stays queued in the database.
    /// </summary>
    /// <param name="gdpr">The builder returned by <c>AddMySociumGdpr</c>.</param>
    /// <param name="configuration">The application's configuration.</param>
    /// <returns>The same builder.</returns>
    public static IGdprBuilder AddMailDelivery(this IGdprBuilder gdpr, IConfiguration configuration)
    {
        var section = configuration.GetSection(SmtpOptions.SectionName);
        return string.IsNullOrWhiteSpace(section["Host"]) ? gdpr : gdpr.AddMailKitDelivery(section);
    }
}
