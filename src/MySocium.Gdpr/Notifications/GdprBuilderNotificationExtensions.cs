using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MySocium.Gdpr.Notifications;

namespace MySocium.Gdpr;

/// <summary>Customizes MySocium.Gdpr's mail.</summary>
public static class GdprBuilderNotificationExtensions
{
    /// <summary>Writes the library's mail with <typeparamref name="TTemplates"/>, a subclass that overrides some of the English texts or localizes them.</summary>
    /// <typeparam name="TTemplates">The templates.</typeparam>
    /// <param name="builder">The builder returned by <c>AddMySociumGdpr</c>.</param>
    /// <returns>The same builder.</returns>
    public static IGdprBuilder UseNotificationTemplates<TTemplates>(this IGdprBuilder builder)
        where TTemplates : GdprNotificationTemplates
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.Replace(ServiceDescriptor.Singleton<GdprNotificationTemplates, TTemplates>());
        return builder;
    }
}
