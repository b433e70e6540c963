using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.EntityFrameworkCore;
using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.Inventory;
using MySocium.Gdpr.Keys;
using MySocium.Gdpr.Notifications;
using MySocium.Gdpr.Sessions;

namespace MySocium.Gdpr;

/// <summary>Tells MySocium.Gdpr which of the host's <see cref="DbContext"/> types holds its state.</summary>
public static class GdprBuilderEntityFrameworkExtensions
{
    /// <summary>
    /// Keeps the library's state (data keys, consent ledger, erasure receipts, sign-in sessions, notification outbox)
    /// in <typeparamref name="TContext"/>, whose options must call <c>UseMySociumGdpr(sp)</c>.
    /// Calling it again with the same context changes nothing.
    /// </summary>
    /// <typeparam name="TContext">The host's context.</typeparam>
    /// <param name="builder">The builder returned by <c>AddMySociumGdpr</c>.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="InvalidOperationException">Another context was registered as the store before.</exception>
    public static IGdprBuilder AddEntityFrameworkStores<TContext>(this IGdprBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);

        var existing = builder.Services.FirstOrDefault(static d => d.ServiceType == typeof(GdprStore))?.ImplementationInstance as GdprStore;
        if (existing is null)
        {
            builder.Services.AddSingleton(new GdprStore(typeof(TContext)));
            builder.Services.AddHostedService<GdprKeyRingInitializer>();
            builder.Services.AddHostedService<ErasurePlanValidator>();
            builder.Services.AddHostedService<ExpiredTicketCleanup>();
            builder.Services.AddHostedService<MinimizationCheck>();
            builder.Services.AddHostedService<PolicyVersionService>();
            builder.Services.AddHostedService<OutboxDrainer>();
        }
        else if (existing.ContextType != typeof(TContext))
        {
            throw new InvalidOperationException(
                $"MySocium.Gdpr already keeps its state in '{existing.ContextType.Name}'; it cannot also use '{typeof(TContext).Name}'. Call AddEntityFrameworkStores once, with the context that holds the personal data.");
        }

        return builder;
    }
}
