using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.Keys;
using MySocium.Gdpr.Sessions;

namespace MySocium.Gdpr.EntityFrameworkCore;

/// <summary>
/// Adds the library's own entities to the model of the context that holds its state, so
/// migrations and <c>EnsureCreated</c> create their tables with the host's.
/// </summary>
internal sealed class GdprStoreConvention : IModelInitializedConvention
{
    public void ProcessModelInitialized(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        modelBuilder.Entity(typeof(GdprDataKey), fromDataAnnotation: true);
        modelBuilder.Entity(typeof(GdprErasureReceipt), fromDataAnnotation: true)?.HasIndex([nameof(GdprErasureReceipt.SubjectHash)], fromDataAnnotation: true);
        var tickets = modelBuilder.Entity(typeof(GdprAuthenticationTicket), fromDataAnnotation: true);
        tickets?.HasIndex([nameof(GdprAuthenticationTicket.SubjectHash)], fromDataAnnotation: true);
        tickets?.HasIndex([nameof(GdprAuthenticationTicket.ExpiresAt)], fromDataAnnotation: true);
    }
}
