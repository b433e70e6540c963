using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Consent;

namespace MySocium.Gdpr;

/// <summary>Reads and changes the visitor's consent decision from application code.</summary>
public static class GdprConsentHttpContextExtensions
{
    /// <summary>Gets the request's consent decision.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The decision <c>UseMySociumGdpr()</c> read from the consent cookie.</returns>
    /// <exception cref="InvalidOperationException">The request did not pass through <c>UseMySociumGdpr()</c>.</exception>
    public static IGdprConsentFeature GetConsent(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<IGdprConsentFeature>()
            ?? throw new InvalidOperationException("The request has no consent decision: add app.UseMySociumGdpr() to the pipeline before the endpoints.");
    }

    /// <summary>
    /// Records a decision in the consent ledger, then sets the consent cookie: the listed optional
    /// categories are granted and every other one refused. Cookies of refused categories already in
    /// the browser are expired with this response.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="grantedCategories">The optional categories to grant; <c>necessary</c> may be listed and is always on.</param>
    /// <param name="method">How the visitor decided, for the ledger.</param>
    /// <param name="cancellationToken">Stops the ledger write; then nothing changes.</param>
    /// <returns>The decision now in force for the rest of the request.</returns>
    /// <exception cref="ArgumentException">A listed name is not a category.</exception>
    /// <exception cref="InvalidOperationException">The request did not pass through <c>UseMySociumGdpr()</c>.</exception>
    public static async Task<IGdprConsentFeature> SetConsentAsync(
        this HttpContext context, IEnumerable<string> grantedCategories, ConsentMethod method = ConsentMethod.Api, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grantedCategories);
        var feature = (GdprConsentFeature)context.GetConsent();
        var service = context.RequestServices.GetRequiredService<ConsentService>();
        await service.DecideAsync(feature, service.Mask(grantedCategories), method, cancellationToken);
        return feature;
    }
}
