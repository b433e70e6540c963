using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace MySocium.Gdpr;

/// <summary>Adds MySocium.Gdpr's middleware to the request pipeline.</summary>
public static class GdprApplicationBuilderExtensions
{
    /// <summary>
    /// Adds the library's middleware (consent, cookie blocking, logout wipe, HTTPS policy) to the
    /// pipeline. Place it before authentication and the endpoints that set cookies.
    /// </summary>
    /// <param name="app">The application's pipeline.</param>
    /// <returns>The same pipeline.</returns>
    /// <exception cref="InvalidOperationException">
    /// <c>AddMySociumGdpr()</c> was not called on the application's services, or the environment is
    /// not Development and no HTTPS port is known (see <see cref="GdprHttpsOptions"/>).
    /// </exception>
    public static IApplicationBuilder UseMySociumGdpr(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        GdprServicesGuard.EnsureAdded(app.ApplicationServices, nameof(UseMySociumGdpr));
        app.ApplicationServices.GetRequiredService<HttpsPolicy>().EnsureConfigured();
        return app.UseMiddleware<GdprMiddleware>();
    }
}
