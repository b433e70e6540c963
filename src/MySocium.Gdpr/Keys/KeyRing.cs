using System.Collections.Frozen;

namespace MySocium.Gdpr.Keys;

/// <summary>
/// The data keys this application holds, and which one encrypts new values. Readers take an
/// immutable snapshot, so the hot path is one volatile read and no lock.
/// </summary>
internal sealed class KeyRing : IDisposable
{
    private readonly HashSet<DataKey> _everLoaded = [];
    private volatile Snapshot _snapshot = Snapshot.Empty;

    /// <summary>Gets whether keys were loaded.</summary>
    public bool IsLoaded => _snapshot.Current is not null;

    /// <summary>Gets the key of the blind indexes.</summary>
    /// <exception cref="InvalidOperationException">No key was loaded yet.</exception>
    public DataKey BlindIndex => _snapshot.BlindIndex ?? throw NotLoaded();

    /// <summary>Gets the key that encrypts new values.</summary>
    /// <exception cref="InvalidOperationException">No key was loaded yet.</exception>
    public DataKey Current => _snapshot.Current ?? throw NotLoaded();

    /// <summary>Finds a key by the id an envelope names.</summary>
    public bool TryGet(uint id, out DataKey key)
    {
        var snapshot = _snapshot;
        if (snapshot.Current is null)
        {
            throw NotLoaded();
        }

        return snapshot.Keys.TryGetValue(id, out key!);
    }

    /// <summary>Gets an encryption key already unwrapped, so a reload does not unwrap it again.</summary>
    public DataKey? TryGetLoaded(uint id) => _snapshot.Keys.GetValueOrDefault(id);

    /// <summary>Gets the blind-index key if it is the one already loaded.</summary>
    public DataKey? TryGetLoadedBlindIndex(uint id) => _snapshot.BlindIndex is { } key && key.Id == id ? key : null;

    /// <summary>
    /// Replaces the keys. Replaced keys are zeroed only when the ring is disposed: a reader may
    /// still be deriving from one.
    /// </summary>
    public void Load(IEnumerable<DataKey> keys, uint currentId, DataKey blindIndex)
    {
        var byId = keys.ToFrozenDictionary(k => k.Id);
        if (!byId.TryGetValue(currentId, out var current))
        {
            throw new ArgumentException($"The current key id {currentId} is not among the keys.", nameof(currentId));
        }

        lock (_everLoaded)
        {
            _everLoaded.UnionWith(byId.Values);
            _everLoaded.Add(blindIndex);
            _snapshot = new Snapshot(current, byId, blindIndex);
        }
    }

    public void Dispose()
    {
        lock (_everLoaded)
        {
            _snapshot = Snapshot.Empty;
            foreach (var key in _everLoaded)
            {
                key.Dispose();
            }

            _everLoaded.Clear();
        }
    }

    private static InvalidOperationException NotLoaded() => new(
        "MySocium.Gdpr's data keys are not loaded yet. They load when the host starts; outside a host, call IGdprKeyRing.LoadAsync first.");

    private sealed record Snapshot(DataKey? Current, FrozenDictionary<uint, DataKey> Keys, DataKey? BlindIndex)
    {
        public static readonly Snapshot Empty = new(null, FrozenDictionary<uint, DataKey>.Empty, null);
    }
}
