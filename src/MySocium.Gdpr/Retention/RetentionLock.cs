using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MySocium.Gdpr.Retention;

/// <summary>
/// Keeps the retention pruner to one instance at a time across every instance on the database:
/// a session-level advisory lock on PostgreSQL (released by the server if the instance dies), a
/// lease row elsewhere (renewed as the run goes, expiring if the instance dies). A lease whose holder
/// was a process on this machine that is gone is taken over at once, so a restarted instance
/// finishes its killed predecessor's run at start rather than after the lease expires.
/// </summary>
internal abstract class RetentionLock : IAsyncDisposable
{
    private const string PostgresProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>The name of the lease row, and the source of the advisory lock's key.</summary>
    public const string Name = "MySocium.Gdpr retention";

    /// <summary>
    /// Takes the lock on <paramref name="db"/>'s database. When another instance holds it, logs who (at Information)
    /// and returns no lock, with when that instance's lease expires unless renewed; PostgreSQL does not say when
    /// another session will release its advisory lock.
    /// </summary>
    public static Task<(RetentionLock? Lock, DateTimeOffset? HeldUntil)> TryAcquireAsync(
        DbContext db, TimeProvider time, TimeSpan leaseDuration, ILogger logger, CancellationToken cancellationToken)
        => db.Database.ProviderName == PostgresProvider
            ? AdvisoryLock.TryTakeAsync(db, logger, cancellationToken)
            : LeaseLock.TryTakeAsync(db, time, leaseDuration, logger, cancellationToken);

    /// <summary>Confirms the lock is still held and extends it; throws if another instance took it over.</summary>
    public abstract Task RenewAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    private sealed class AdvisoryLock(DbContext db) : RetentionLock
    {
        /// <summary>"MySocGdR" in ASCII: one key for every instance of every host using the library.</summary>
        private const long Key = 0x4D79_536F_6347_6452;

        public static async Task<(RetentionLock? Lock, DateTimeOffset? HeldUntil)> TryTakeAsync(DbContext db, ILogger logger, CancellationToken cancellationToken)
        {
            // The lock belongs to the session, so the connection stays open until it is released.
            await db.Database.OpenConnectionAsync(cancellationToken);
            if (await ExecuteAsync(db, "SELECT pg_try_advisory_lock(@key)", cancellationToken) is true)
            {
                return (new AdvisoryLock(db), null);
            }

            await db.Database.CloseConnectionAsync();
            Log.RetentionSkipped(logger);
            return (null, null);
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

    private sealed class LeaseLock(DbContext db, TimeProvider time, TimeSpan leaseDuration) : RetentionLock
    {
        public static async Task<(RetentionLock? Lock, DateTimeOffset? HeldUntil)> TryTakeAsync(
            DbContext db, TimeProvider time, TimeSpan leaseDuration, ILogger logger, CancellationToken cancellationToken)
        {
            var lease = new LeaseLock(db, time, leaseDuration);
            var observed = await lease.ReadAsync(cancellationToken);
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var expired = observed is not null && observed.ExpiresAt <= now;
            var dead = observed is not null && !expired && ProcessIdentity.IsDead(observed.Holder);
            if (observed is null || expired || dead)
            {
                if (observed is null ? await lease.InsertAsync(cancellationToken) : await lease.TakeOverAsync(observed.Holder, dead, now, cancellationToken))
                {
                    if (observed is not null)
                    {
                        Log.RetentionLeaseTakenOver(logger, observed.Holder, DateTimeOffset.FromUnixTimeMilliseconds(observed.ExpiresAt));
                    }

                    return (lease, null);
                }

                // Another instance took it first: report that one.
                observed = await lease.ReadAsync(cancellationToken);
                if (observed is null)
                {
                    // It has also finished and released it meanwhile: what was due is done.
                    Log.RetentionSkipped(logger);
                    return (null, null);
                }
            }

            var heldUntil = DateTimeOffset.FromUnixTimeMilliseconds(observed.ExpiresAt);
            Log.RetentionLeaseHeld(logger, observed.Holder, heldUntil);
            return (null, heldUntil);
        }

        /// <summary>Names this run to the other instances, so that one on this machine can tell once this process is gone.</summary>
        private string Holder { get; } = ProcessIdentity.NewHolder();

        private DateTimeOffset _renewed = time.GetUtcNow();

        public override async Task RenewAsync(CancellationToken cancellationToken)
        {
            // A write per batch would double the transactions of a run: renew once a third of the lease has gone.
            if (time.GetUtcNow() - _renewed < leaseDuration / 3)
            {
                return;
            }

            _renewed = time.GetUtcNow();
            var holder = Holder;
            var until = Until();
            if (await db.Set<GdprLease>()
                .Where(l => l.Name == Name && l.Holder == holder)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, until), cancellationToken) != 1)
            {
                throw new InvalidOperationException(
                    $"The retention pruner lost its lease ('{Name}' in GdprLeases) to another instance: a batch took longer than Gdpr:Retention:LeaseDuration ({leaseDuration:c}). This run stops; raise LeaseDuration or lower Gdpr:Retention:BatchSize.");
            }
        }

        public override async ValueTask DisposeAsync()
            => await db.Set<GdprLease>().Where(l => l.Name == Name && l.Holder == Holder).ExecuteDeleteAsync(CancellationToken.None);

        private Task<GdprLease?> ReadAsync(CancellationToken cancellationToken)
            => db.Set<GdprLease>().AsNoTracking().SingleOrDefaultAsync(l => l.Name == Name, cancellationToken);

        /// <summary>Creates the lease row; false when another instance created it first.</summary>
        private async Task<bool> InsertAsync(CancellationToken cancellationToken)
        {
            db.Add(new GdprLease { Name = Name, Holder = Holder, ExpiresAt = Until() });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateException)
            {
                return false;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        /// <summary>
        /// Takes the lease over from the holder observed, which is dead or let it expire: of two instances racing for
        /// it, the second finds another holder and changes nothing. An expired lease is taken only while it is still
        /// expired, so a live holder that renews it meanwhile keeps it.
        /// </summary>
        private async Task<bool> TakeOverAsync(string previous, bool dead, long now, CancellationToken cancellationToken)
        {
            var holder = Holder;
            var until = Until();
            return await db.Set<GdprLease>()
                .Where(l => l.Name == Name && l.Holder == previous && (dead || l.ExpiresAt <= now))
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), cancellationToken) == 1;
        }

        private long Until() => (time.GetUtcNow() + leaseDuration).ToUnixTimeMilliseconds();
    }
}
