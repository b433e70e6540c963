using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;

namespace MySocium.Gdpr.EntityFrameworkCore;

/// <summary>Adds the library's conventions to every model built with <c>UseMySociumGdpr(sp)</c>.</summary>
internal sealed class GdprConventionSetPlugin : IConventionSetPlugin
{
    public ConventionSet ModifyConventions(ConventionSet conventionSet)
    {
        conventionSet.Add(new GdprModelFinalizingConvention());
        return conventionSet;
    }
}
