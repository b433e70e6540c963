using Microsoft.EntityFrameworkCore.Metadata;

namespace MySocium.Gdpr.Retention;

/// <summary>The retention of one entity, resolved against the store's model.</summary>
internal sealed record RetentionPlan(
    IEntityType EntityType,
    RetentionPolicy Policy,
    IProperty Timestamp,
    IReadOnlyList<IProperty> IpAddresses,
    StoreObjectIdentifier Table,
    IReadOnlyList<IProperty> Key)
{
    public string Entity => Policy.Entity;
}
