using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace MySocium.Gdpr.EntityFrameworkCore;

/// <summary>Adds the library's conventions to every model built with <c>UseMySociumGdpr(sp)</c>.</summary>
internal sealed class GdprConventionSetPlugin(GdprEntityFrameworkServices services, ICurrentDbContext currentContext) : IConventionSetPlugin
{
    public ConventionSet ModifyConventions(ConventionSet conventionSet)
    {
        if (services.IsStore(currentContext.Context.GetType()))
        {
            conventionSet.Add(new GdprStoreConvention());
        }

        conventionSet.Add(new GdprModelFinalizingConvention(services));
        return conventionSet;
    }
}
