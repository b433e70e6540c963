using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.EntityFrameworkCore;

namespace Microsoft.EntityFrameworkCore;

/// <summary>Plugs MySocium.Gdpr into a <see cref="DbContext"/>'s options.</summary>
public static class GdprDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Makes the context's model GDPR-aware: <c>[PersonalData]</c> properties encrypted, blind
    /// indexes, and the library's own entities. Call it from
    /// <c>AddDbContext&lt;T&gt;((sp, o) =&gt; o.UseSqlite(…).UseMySociumGdpr(sp))</c>.
    /// </summary>
    /// <param name="optionsBuilder">The context's options.</param>
    /// <param name="serviceProvider">The application's services, on which <c>AddMySociumGdpr()</c> was called.</param>
    /// <returns>The same options builder.</returns>
    /// <exception cref="InvalidOperationException"><c>AddMySociumGdpr()</c> was not called on the application's services.</exception>
    public static DbContextOptionsBuilder UseMySociumGdpr(this DbContextOptionsBuilder optionsBuilder, IServiceProvider serviceProvider)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        ArgumentNullException.ThrowIfNull(serviceProvider);

        var services = serviceProvider.GetService<GdprEntityFrameworkServices>()
            ?? throw new InvalidOperationException(
                "UseMySociumGdpr(sp) was given services without MySocium.Gdpr. Call services.AddMySociumGdpr() when configuring the application's services.");

        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(new GdprDbContextOptionsExtension(services));

        // Each application container gets its own EF Core service provider, since its model holds
        // that container's keys; a process with many containers (test suites) is expected, not a leak per context.
        return optionsBuilder.ConfigureWarnings(w => w.Log(CoreEventId.ManyServiceProvidersCreatedWarning));
    }

    /// <inheritdoc cref="UseMySociumGdpr(DbContextOptionsBuilder, IServiceProvider)"/>
    /// <typeparam name="TContext">The context type.</typeparam>
    public static DbContextOptionsBuilder<TContext> UseMySociumGdpr<TContext>(this DbContextOptionsBuilder<TContext> optionsBuilder, IServiceProvider serviceProvider)
        where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)UseMySociumGdpr((DbContextOptionsBuilder)optionsBuilder, serviceProvider);
}
