using Microsoft.Extensions.Options;

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
}
