using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Keys;

/// <summary>
/// Keeps the root key in the host's database, protected by ASP.NET Core Data Protection: whatever
/// protects the Data Protection key ring (Azure Key Vault, AWS KMS, a certificate, DPAPI) then
/// protects the root key, and the database alone reveals nothing. The key is created on first use.
/// </summary>
internal sealed class DataProtectionRootKeyProvider(IServiceProvider services, IDataProtectionProvider dataProtection) : IRootKeyProvider
{
    /// <summary>The row of <c>GdprDataKeys</c> that holds the protected root key.</summary>
    private const int RowId = 0;

    private readonly IDataProtector _protector = dataProtection.CreateProtector("MySocium.Gdpr.RootKey.v1");

    public async ValueTask<byte[]> GetRootKeyAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        var stored = await ReadAsync(db, cancellationToken) ?? await CreateAsync(db, cancellationToken);
        try
        {
            return _protector.Unprotect(stored);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                "ASP.NET Core Data Protection cannot unprotect the root key stored in GdprDataKeys: this application does not have the Data Protection key that protected it. "
                + "Configure Data Protection with the same key storage and application name as the instance that created it.", e);
        }
    }

    private async Task<byte[]> CreateAsync(DbContext db, CancellationToken cancellationToken)
    {
        var rootKey = RandomNumberGenerator.GetBytes(RootKey.Size);
        try
        {
            db.Add(new GdprDataKey
            {
                Id = RowId,
                Purpose = DataKeyPurpose.ProtectedRootKey,
                WrappedKey = _protector.Protect(rootKey),
                CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(),
            });
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance created it first: use theirs.
            db.ChangeTracker.Clear();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rootKey);
        }

        return await ReadAsync(db, cancellationToken)
            ?? throw new InvalidOperationException("The protected root key could not be stored in GdprDataKeys.");
    }

    private static async Task<byte[]?> ReadAsync(DbContext db, CancellationToken cancellationToken)
        => await db.Set<GdprDataKey>()
            .Where(k => k.Id == RowId && k.Purpose == DataKeyPurpose.ProtectedRootKey)
            .Select(k => k.WrappedKey)
            .SingleOrDefaultAsync(cancellationToken);
}
