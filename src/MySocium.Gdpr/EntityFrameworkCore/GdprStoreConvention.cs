using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using MySocium.Gdpr.Consent;
using MySocium.Gdpr.Erasure;
using MySocium.Gdpr.Keys;
using MySocium.Gdpr.Notifications;
using MySocium.Gdpr.Sessions;
using MySocium.Gdpr.Retention;

namespace MySocium.Gdpr.EntityFrameworkCore;

/// <summary>
/// Adds the library's own entities to the model of the context that holds its state, so
/// migrations and <c>EnsureCreated</c> create their tables with the host's.
/// </summary>
internal sealed class GdprStoreConvention : IModelInitializedConvention, IModelFinalizingConvention
{
    /// <summary>EF's annotation on the one-type model it builds for <c>SqlQuery&lt;T&gt;</c> results.</summary>
    private const string AdHocModelAnnotation = "AdHocModel";

    /// <summary>The library's own entities.</summary>
    internal static readonly Type[] StoreTypes =
    [
        typeof(GdprDataKey), typeof(GdprErasureReceipt), typeof(GdprErasureJournalEntry), typeof(GdprConsentRecord), typeof(GdprAuthenticationTicket), typeof(GdprLease),
        typeof(GdprOutboxMessage), typeof(GdprPolicyVersion), typeof(GdprPolicyNotice), typeof(GdprMailOptIn), typeof(GdprMailSuppression),
    ];

    public void ProcessModelInitialized(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        modelBuilder.Entity(typeof(GdprDataKey), fromDataAnnotation: true);
        modelBuilder.Entity(typeof(GdprErasureReceipt), fromDataAnnotation: true)?.HasIndex([nameof(GdprErasureReceipt.SubjectHash)], fromDataAnnotation: true);
        modelBuilder.Entity(typeof(GdprErasureJournalEntry), fromDataAnnotation: true)?.HasIndex([nameof(GdprErasureJournalEntry.SubjectHash)], fromDataAnnotation: true);
        modelBuilder.Entity(typeof(GdprConsentRecord), fromDataAnnotation: true)?.HasIndex([nameof(GdprConsentRecord.SubjectHash)], fromDataAnnotation: true);
        var tickets = modelBuilder.Entity(typeof(GdprAuthenticationTicket), fromDataAnnotation: true);
        tickets?.HasIndex([nameof(GdprAuthenticationTicket.SubjectHash)], fromDataAnnotation: true);
        tickets?.HasIndex([nameof(GdprAuthenticationTicket.ExpiresAt)], fromDataAnnotation: true);
        modelBuilder.Entity(typeof(GdprLease), fromDataAnnotation: true);
        var outbox = modelBuilder.Entity(typeof(GdprOutboxMessage), fromDataAnnotation: true);
        outbox?.HasIndex([nameof(GdprOutboxMessage.SentAt), nameof(GdprOutboxMessage.NextAttemptAt)], fromDataAnnotation: true);
        outbox?.HasIndex([nameof(GdprOutboxMessage.SubjectHash)], fromDataAnnotation: true);
        modelBuilder.Entity(typeof(GdprPolicyVersion), fromDataAnnotation: true);
        modelBuilder.Entity(typeof(GdprPolicyNotice), fromDataAnnotation: true)?.HasIndex([nameof(GdprPolicyNotice.SubjectHash)], fromDataAnnotation: true);
        var optIns = modelBuilder.Entity(typeof(GdprMailOptIn), fromDataAnnotation: true);
        optIns?.HasIndex([nameof(GdprMailOptIn.AddressHash)], fromDataAnnotation: true);
        optIns?.HasIndex([nameof(GdprMailOptIn.SubjectHash)], fromDataAnnotation: true);
        modelBuilder.Entity(typeof(GdprMailSuppression), fromDataAnnotation: true);
    }

    /// <summary>
    /// Takes the library's entities out of the model EF builds for a <c>SqlQuery&lt;T&gt;</c> result type:
    /// that model runs the same conventions but not the key attributes, and would fail validation.
    /// </summary>
    public void ProcessModelFinalizing(IConventionModelBuilder modelBuilder, IConventionContext<IConventionModelBuilder> context)
    {
        if (modelBuilder.Metadata[AdHocModelAnnotation] is true)
        {
            foreach (var entityType in StoreTypes.Select(modelBuilder.Metadata.FindEntityType).OfType<IConventionEntityType>())
            {
                modelBuilder.HasNoEntityType(entityType, fromDataAnnotation: true);
            }
        }
    }
}
