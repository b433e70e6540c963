using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using MySocium.Gdpr.Encryption;

namespace MySocium.Gdpr.EntityFrameworkCore;

/// <summary>
/// Runs once the host's model is complete, so what it applies never depends on the order of
/// the host's <c>OnModelCreating</c> calls.
/// </summary>
internal sealed class GdprModelFinalizingConvention(GdprEntityFrameworkServices services) : IModelFinalizingConvention
{
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        modelBuilder.HasAnnotation(GdprAnnotationNames.Enabled, true);
        PersonalDataEncryption.Apply(modelBuilder, services);
    }
}
