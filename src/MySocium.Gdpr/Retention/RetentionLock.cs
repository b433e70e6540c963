using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace MySocium.Gdpr.Retention;

/// <summary>
/// Keeps the retention pruner to one instance at a time across every instance on the database:
/// a session-level advisory lock on PostgreSQL (released by the server if the instance dies), a
/// lease row elsewhere (renewed after every batch, expiring if the instance dies).
/// </summary>
internal abstract class RetentionLock : IAsyncDisposable
{
    private const string PostgresProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>The name of the lease row, and the source of the advisory lock's key.</summary>
    public const string Name = "MySocium.Gdpr retention";

    /// <summary>Takes the lock on <paramref name="db"/>'s database, or returns null if another instance holds it.</summary>
    public static Task<RetentionLock?> TryAcquireAsync(DbContext db, TimeProvider time, TimeSpan leaseDuration, CancellationToken cancellationToken)
        => db.Database.ProviderName == PostgresProvider
            ? AdvisoryLock.TryTakeAsync(db, cancellationToken)
            : LeaseLock.TryTakeAsync(db, time, leaseDuration, cancellationToken);

    /// <summary>Confirms the lock is still held and extends it; throws if another instance took it over.</summary>
    public abstract Task RenewAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    private sealed class AdvisoryLock(DbContext db) : RetentionLock
    {
        /// <summary>"MySocGdR" in ASCII: one key for every instance of every host using the library.</summary>
        private const long Key = 0x4D79_536F_6347_6452;

        public static async Task<RetentionLock?> TryTakeAsync(DbContext db, CancellationToken cancellationToken)
        {
            // The lock belongs to the session, so the connection stays open until it is released.
            await db.Database.OpenConnectionAsync(cancellationToken);
            if (await ExecuteAsync(db, "SELECT pg_try_advisory_lock(@key)", cancellationToken) is true)
            {
                return new AdvisoryLock(db);
            }

            await db.Database.CloseConnectionAsync();
            return null;
        }

        public override Task RenewAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override async ValueTask DisposeAsync()
        {
            try
            {
                await ExecuteAsync(db, "SELECT pg_advisory_unlock(@key)", CancellationToken.None);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        private static async Task<object?> ExecuteAsync(DbContext db, string sql, CancellationToken cancellationToken)
        {
            await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "key";
            parameter.Value = Key;
            command.Parameters.Add(parameter);
            return await command.ExecuteScalarAsync(cancellationToken);
        }
    }

    private sealed class LeaseLock(DbContext db, TimeProvider time, TimeSpan leaseDuration, string holder) : RetentionLock
    {
        public static async Task<RetentionLock?> TryTakeAsync(DbContext db, TimeProvider time, TimeSpan leaseDuration, CancellationToken cancellationToken)
        {
            var lease = new LeaseLock(db, time, leaseDuration, Guid.NewGuid().ToString("N"));
            if (await lease.ExtendAsync(orTakeExpired: true, cancellationToken))
            {
                return lease;
            }

            if (await db.Set<GdprLease>().AnyAsync(l => l.Name == Name, cancellationToken))
            {
                return null;
            }

            db.Add(new GdprLease { Name = Name, Holder = lease.Holder, ExpiresAt = lease.Until() });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return lease;
            }
            catch (DbUpdateException)
            {
                // Another instance inserted the row first.
                return null;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        private string Holder { get; } = holder;

        private DateTimeOffset _renewed = time.GetUtcNow();

        public override async Task RenewAsync(CancellationToken cancellationToken)
        {
            // A write per batch would double the transactions of a run: renew once a third of the lease has gone.
            if (time.GetUtcNow() - _renewed < leaseDuration / 3)
            {
                return;
            }

            _renewed = time.GetUtcNow();
            if (!await ExtendAsync(orTakeExpired: false, cancellationToken))
            {
                throw new InvalidOperationException(
                    $"The retention pruner lost its lease ('{Name}' in GdprLeases) to another instance: a batch took longer than Gdpr:Retention:LeaseDuration ({leaseDuration:c}). This run stops; raise LeaseDuration or lower Gdpr:Retention:BatchSize.");
            }
        }

        public override async ValueTask DisposeAsync()
            => await db.Set<GdprLease>().Where(l => l.Name == Name && l.Holder == Holder).ExecuteDeleteAsync(CancellationToken.None);

        private async Task<bool> ExtendAsync(bool orTakeExpired, CancellationToken cancellationToken)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var until = Until();
            var holder = Holder;
            return await db.Set<GdprLease>()
                .Where(l => l.Name == Name && (l.Holder == holder || (orTakeExpired && l.ExpiresAt <= now)))
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), cancellationToken) == 1;
        }

        private long Until() => (time.GetUtcNow() + leaseDuration).ToUnixTimeMilliseconds();
    }
}
