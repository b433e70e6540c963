using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MySocium.Gdpr;

/// <summary>Keeps personal data out of the host's logs.</summary>
public static class GdprLoggingBuilderExtensions
{
    /// <summary>
    /// Turns on Microsoft.Extensions.Compliance redaction for logging with <see cref="PersonalDataRedactor"/> for
    /// <see cref="GdprTaxonomy.PersonalData"/>: a <c>[LoggerMessage]</c> parameter marked <c>[PersonalData]</c> is
    /// logged as its IP network prefix, or not at all. A project that references this library compiles its
    /// <c>[LoggerMessage]</c> methods with Microsoft.Extensions.Telemetry's generator, which passes the classification on.
    /// Redactors the host sets for other classifications stay; calling this twice changes nothing.
    /// </summary>
    /// <param name="builder">The host's logging.</param>
    /// <returns>The same logging builder.</returns>
    public static ILoggingBuilder EnablePersonalDataRedaction(this ILoggingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.EnableRedaction();
        builder.Services.AddRedaction(redaction => redaction.SetRedactor<PersonalDataRedactor>(GdprTaxonomy.PersonalData));
        return builder;
    }
}
