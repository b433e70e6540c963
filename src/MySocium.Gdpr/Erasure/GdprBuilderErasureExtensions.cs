using Microsoft.Extensions.DependencyInjection.Extensions;
using MySocium.Gdpr.Erasure;

namespace MySocium.Gdpr;

/// <summary>Names the data subject whose data MySocium.Gdpr exports and erases.</summary>
public static class GdprBuilderErasureExtensions
{
    /// <summary>
    /// Makes <typeparamref name="TSubject"/> (the app's user entity) the data subject: erasure and
    /// export start at its row, found by its primary key, and reach every entity that references it.
    /// An ASP.NET Core Identity user type (<c>IdentityUser&lt;TKey&gt;</c>) is found without this call.
    /// </summary>
    /// <typeparam name="TSubject">The subject's entity type.</typeparam>
    /// <param name="builder">The builder returned by <c>AddMySociumGdpr</c>.</param>
    /// <returns>The same builder.</returns>
    public static IGdprBuilder AddSubject<TSubject>(this IGdprBuilder builder)
        where TSubject : class
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.TryAddSingleton(new GdprSubject(typeof(TSubject)));
        return builder;
    }
}
