using Microsoft.EntityFrameworkCore;
using MySocium.Gdpr.Sample.Data;

namespace MySocium.Gdpr.Sample.Account;

/// <summary>
/// Deletes one user and everything of theirs, all or nothing. Hand-written for the sample's three
/// tables; the library's model-wide eraser replaces it.
/// </summary>
internal sealed class AccountEraser(AppDbContext db, TimeProvider timeProvider)
{
    public async Task<ErasureReceipt> EraseAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Dependents first, so the statements do not lean on the database's cascades.
        var rows = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [TableName<LoginEvent>()] = await db.LoginEvents.Where(e => e.UserId == userId).ExecuteDeleteAsync(cancellationToken),
            [TableName<Post>()] = await db.Posts.Where(p => p.UserId == userId).ExecuteDeleteAsync(cancellationToken),
            [TableName<AppUser>()] = await db.Users.Where(u => u.Id == userId).ExecuteDeleteAsync(cancellationToken),
        };

        await transaction.CommitAsync(cancellationToken);
        return new ErasureReceipt(timeProvider.GetUtcNow().UtcDateTime, rows);
    }

    private string TableName<TEntity>()
        => db.Model.FindEntityType(typeof(TEntity))?.GetTableName() ?? typeof(TEntity).Name;
}
