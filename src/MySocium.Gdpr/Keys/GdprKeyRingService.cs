using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.EntityFrameworkCore;

namespace MySocium.Gdpr.Keys;

/// <summary>Loads, creates and rotates the data keys stored in the host's database.</summary>
internal sealed class GdprKeyRingService(
    IServiceProvider services,
    KeyRing ring,
    IOptions<GdprOptions> options,
    TimeProvider time,
    EncryptedColumnJob columns,
    ReencryptionTrigger reencryption,
    ILogger<GdprKeyRingService> logger) : IGdprKeyRing, IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private IReadOnlyList<GdprKeyInfo> _keys = [];
    private List<GdprDataKey> _rows = [];

    public IReadOnlyList<GdprKeyInfo> Keys => _keys;

    /// <summary>Gets the id of the key that encrypts new values, or 0 before the keys are loaded.</summary>
    public int CurrentKeyId => _keys.FirstOrDefault(k => k.IsCurrent)?.Id ?? 0;

    /// <summary>Gets when the next loaded key that is not current yet becomes current, if one is waiting.</summary>
    public DateTimeOffset? NextActivation { get; private set; }

    public Task LoadAsync(CancellationToken cancellationToken = default)
        => UnderLockAsync(async (db, rootKey, rows) =>
        {
            foreach (var purpose in new[] { DataKeyPurpose.Encryption, DataKeyPurpose.BlindIndex })
            {
                if (!rows.Any(r => r.Purpose == purpose))
                {
                    rows = await AddKeyAsync(db, rootKey, rows, purpose, cancellationToken);
                }
            }

            return rows;
        }, cancellationToken);

    public async Task<GdprKeyInfo> RotateAsync(CancellationToken cancellationToken = default)
    {
        var added = 0;
        await UnderLockAsync(async (db, rootKey, rows) =>
        {
            var updated = await AddKeyAsync(db, rootKey, rows, DataKeyPurpose.Encryption, cancellationToken);
            added = updated.Max(r => r.Id);
            return updated;
        }, cancellationToken);
        // A key that activates later is re-encrypted to when it does (GdprKeyRingInitializer wakes then).
        var key = _keys.Single(k => k.Id == added);
        if (key.IsCurrent)
        {
            reencryption.Request();
        }

        return key;
    }

    public async Task RetireAsync(int keyId, CancellationToken cancellationToken = default)
    {
        var info = _keys.SingleOrDefault(k => k.Id == keyId)
            ?? throw new InvalidOperationException($"There is no live data key {keyId} to retire; the live keys are {string.Join(", ", _keys.Select(k => k.Id))}.");
        if (info.IsCurrent || info.ActivatesAt > time.GetUtcNow())
        {
            throw new InvalidOperationException($"Data key {keyId} is the current key (or is about to be); rotate to a new key first, then re-encrypt, then retire it.");
        }

        var inUse = await CountValuesUnderAsync((uint)keyId, cancellationToken);
        if (inUse.Count > 0)
        {
            throw new InvalidOperationException(
                $"Data key {keyId} still encrypts {inUse.Values.Sum()} values ({string.Join(", ", inUse.Select(u => $"{u.Key}: {u.Value}"))}); retiring it would make them unreadable. "
                + "Run IReencryptionJob.RunAsync until it reports nothing pending, then retire the key.");
        }

        await UnderLockAsync(async (db, rootKey, rows) =>
        {
            await db.Set<GdprDataKey>().Where(k => k.Id == keyId).ExecuteUpdateAsync(k => k.SetProperty(r => r.RetiredAt, time.GetUtcNow()), cancellationToken);
            return await ReadAsync(db, cancellationToken);
        }, cancellationToken);
        Log.DataKeyRetired(logger, keyId);
    }

    /// <summary>Re-reads the keys, so this instance sees rotations done by others; every missing key id may cause one more reload.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await RereadAsync(cancellationToken);
        ring.ForgetMissing();
    }

    public void Dispose() => _lock.Dispose();

    /// <summary>
    /// Reloads the keys for a stored value that names a key this instance has not loaded, such as one another
    /// instance has just rotated to; returns why the key is still missing afterwards, or null when it loaded.
    /// Decryption is synchronous (a value converter), so this blocks; it runs on the thread pool, so no
    /// synchronization context is waited on, and the ring asks at most once per id between refreshes.
    /// </summary>
    private string? Reload(uint keyId)
    {
        try
        {
            Task.Run(() => RereadAsync(CancellationToken.None)).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            Log.KeyReloadFailed(logger, keyId, e);
            return $"no data key with this id is loaded, and reloading the keys to look for it failed ({e.GetType().Name}).";
        }

        Log.DataKeysReloaded(logger, keyId);
        return _rows.FirstOrDefault(r => r.Id == keyId) switch
        {
            null => "the database holds no data key with this id (the keys were reloaded to look for it): the value was written with another database or copied from one.",
            { RetiredAt: not null } => "this data key was retired, so the values under it cannot be read; retirement refuses while any value is under the key, so this one came back afterwards (from a backup or a copy).",
            { Purpose: DataKeyPurpose.BlindIndex } => "this id is the blind-index key's, which encrypts no value: the value's header was altered.",
            _ => null,
        };
    }

    private Task RereadAsync(CancellationToken cancellationToken)
        => UnderLockAsync((db, rootKey, rows) => Task.FromResult(rows), cancellationToken);

    private async Task UnderLockAsync(
        Func<DbContext, RootKey, List<GdprDataKey>, Task<List<GdprDataKey>>> change,
        CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            using var rootKey = await GetRootKeyAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var db = GdprStore.Resolve(services, scope.ServiceProvider);
            var rows = await ReadAsync(db, cancellationToken);
            rows = await change(db, rootKey, rows);
            Install(rootKey, rows);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Adds a key with the next id. Another instance may add one at the same moment: then the
    /// insert fails on the primary key, and the rows are read again instead.
    /// </summary>
    private async Task<List<GdprDataKey>> AddKeyAsync(
        DbContext db, RootKey rootKey, List<GdprDataKey> rows, DataKeyPurpose purpose, CancellationToken cancellationToken)
    {
        var id = rows.Count == 0 ? 1 : rows.Max(r => r.Id) + 1;
        var material = GC.AllocateUninitializedArray<byte>(DataKey.Size, pinned: true);
        try
        {
            RandomNumberGenerator.Fill(material);
            var now = time.GetUtcNow();
            db.Add(new GdprDataKey
            {
                Id = id,
                Purpose = purpose,
                WrappedKey = rootKey.WrapDataKey((uint)id, purpose, material),
                CreatedAt = now,

                // The first key is needed at once; later ones wait until every instance has loaded them.
                ActivatesAt = rows.Any(r => r.Purpose == purpose) ? now + options.Value.Encryption.KeyActivationDelay : now,
            });
            await db.SaveChangesAsync(cancellationToken);
            Log.DataKeyCreated(logger, id, purpose);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            var reread = await ReadAsync(db, cancellationToken);
            if (purpose == DataKeyPurpose.Encryption ? reread.Count > rows.Count : reread.Any(r => r.Purpose == purpose))
            {
                return reread;
            }

            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }

        db.ChangeTracker.Clear();
        return await ReadAsync(db, cancellationToken);
    }

    private void Install(RootKey rootKey, List<GdprDataKey> rows)
    {
        var now = time.GetUtcNow();
        var live = rows.Where(r => r.RetiredAt is null).ToList();
        var encryptionRows = live.Where(r => r.Purpose == DataKeyPurpose.Encryption).OrderBy(r => r.Id).ToList();
        var current = encryptionRows.Where(r => r.ActivatesAt <= now).MaxBy(r => r.Id)
            ?? encryptionRows.FirstOrDefault()
            ?? throw new InvalidOperationException("The database holds no data key that is not retired; MySocium.Gdpr creates one when it loads its keys.");
        var encryption = encryptionRows.Select(r => ring.TryGetLoaded((uint)r.Id) ?? Unwrap(rootKey, r)).ToList();
        var blindIndexRow = live.Where(r => r.Purpose == DataKeyPurpose.BlindIndex).MinBy(r => r.Id)
            ?? throw new InvalidOperationException("The database holds no blind-index key; MySocium.Gdpr creates one when it loads its keys.");
        var blindIndex = ring.TryGetLoadedBlindIndex((uint)blindIndexRow.Id) ?? Unwrap(rootKey, blindIndexRow);

        ring.Load(encryption, (uint)current.Id, blindIndex);
        ring.ReloadWith(Reload);
        var keys = encryptionRows.Select(r => new GdprKeyInfo(r.Id, r.CreatedAt, r.ActivatesAt, r.Id == current.Id)).ToList();
        var changed = !keys.SequenceEqual(_keys);
        _keys = keys;
        _rows = rows;
        NextActivation = keys.Where(k => k.ActivatesAt > now).Select(k => (DateTimeOffset?)k.ActivatesAt).Min();
        if (changed)
        {
            Log.DataKeysLoaded(logger, encryption.Count, (uint)current.Id);
        }
        else
        {
            Log.DataKeysUnchanged(logger, encryption.Count, (uint)current.Id);
        }
    }

    private static DataKey Unwrap(RootKey rootKey, GdprDataKey row)
    {
        Span<byte> material = stackalloc byte[DataKey.Size];
        try
        {
            return rootKey.TryUnwrapDataKey((uint)row.Id, row.Purpose, row.WrappedKey, material)
                ? new DataKey((uint)row.Id, material)
                : throw new InvalidOperationException(
                    $"The root key does not unwrap data key {row.Id} ({row.Purpose}) stored in GdprDataKeys: it is not the root key the stored keys were created with. "
                    + "Configure Gdpr:Encryption:RootKey (or the IRootKeyProvider) with that key; values encrypted under these keys cannot be read without it.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    private async Task<RootKey> GetRootKeyAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<IRootKeyProvider>() is { } provider)
        {
            var material = await provider.GetRootKeyAsync(cancellationToken);
            try
            {
                return material.Length == RootKey.Size
                    ? RootKey.FromBytes(material)
                    : throw new InvalidOperationException(
                        $"{provider.GetType().Name} returned a root key of {material.Length} bytes; a root key is {RootKey.Size} bytes.");
            }
            finally
            {
                CryptographicOperations.ZeroMemory(material);
            }
        }

        var configured = options.Value.Encryption.RootKey;
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new InvalidOperationException(
                "Gdpr:Encryption:RootKey is not set and no IRootKeyProvider is registered. Encrypted personal data needs a root key: "
                + "set Gdpr:Encryption:RootKey to 32 random bytes in Base64 (e.g. 'openssl rand -base64 32') from a secret store, or register an IRootKeyProvider.");
        }

        return RootKey.TryParse(configured, out var rootKey)
            ? rootKey!
            : throw new InvalidOperationException($"Gdpr:Encryption:RootKey must be {RootKey.Size} random bytes in Base64; the configured value is not.");
    }


    private async Task<Dictionary<string, long>> CountValuesUnderAsync(uint keyId, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>();
        await columns.RunAsync(
            (column, stored, index) =>
            {
                if (stored is not null && !column.Converter.IsPlaintext(stored)
                    && column.Converter.Column.KeyIdOf(column.Converter.ToEnvelope(stored)) == keyId)
                {
                    var name = $"{column.Entity}.{column.Property}";
                    counts[name] = counts.GetValueOrDefault(name) + 1;
                }

                return null;
            },
            write: false,
            progress: null,
            cancellationToken);
        return counts;
    }

    private static Task<List<GdprDataKey>> ReadAsync(DbContext db, CancellationToken cancellationToken)
        => db.Set<GdprDataKey>().AsNoTracking().OrderBy(k => k.Id).ToListAsync(cancellationToken);
}
