using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace MySocium.Gdpr.Keys;

/// <summary>
/// The data keys this application holds, and which one encrypts new values. Readers take an
/// immutable snapshot, so the hot path is one volatile read and no lock. A key id the ring has not
/// loaded (another instance may have just rotated) makes it reload once, through the reloader the
/// key-ring service installs, before it says no; an id still missing is not reloaded for again
/// until the next periodic refresh, so a forged or foreign id cannot send every read to the database.
/// </summary>
internal sealed class KeyRing : IDisposable
{
    private readonly HashSet<DataKey> _everLoaded = [];
    private readonly ConcurrentDictionary<uint, string> _missing = new();
    private readonly Lock _reloading = new();
    private volatile Snapshot _snapshot = Snapshot.Empty;
    private Func<uint, string?>? _reload;

    /// <summary>Why a key id is missing when nothing more is known: no reload ran, or it found the key and lost it again.</summary>
    public const string NotLoadedReason = "no data key with this id is loaded.";

    /// <summary>Gets whether keys were loaded.</summary>
    public bool IsLoaded => _snapshot.Current is not null;

    /// <summary>Gets the key of the blind indexes.</summary>
    /// <exception cref="InvalidOperationException">No key was loaded yet.</exception>
    public DataKey BlindIndex => _snapshot.BlindIndex ?? throw NotLoaded();

    /// <summary>Gets the key that encrypts new values.</summary>
    /// <exception cref="InvalidOperationException">No key was loaded yet.</exception>
    public DataKey Current => _snapshot.Current ?? throw NotLoaded();

    /// <summary>Finds a key by the id an envelope names, reloading the keys once when it is not loaded.</summary>
    public bool TryGet(uint id, out DataKey key)
    {
        var snapshot = _snapshot;
        if (snapshot.Current is null)
        {
            throw NotLoaded();
        }

        return snapshot.Keys.TryGetValue(id, out key!) || TryReload(id, out key);
    }

    /// <summary>Says why <see cref="TryGet"/> found no key with this id, as the reload found it.</summary>
    public string WhyMissing(uint id)
        => _missing.TryGetValue(id, out var reason) ? reason : NotLoadedReason;

    /// <summary>
    /// Installs what reloads the keys for an id the ring does not hold: it loads them (through <see cref="Load"/>) and
    /// returns why the id is still missing, or null.
    /// </summary>
    public void ReloadWith(Func<uint, string?> reload) => _reload = reload;

    /// <summary>Lets every missing id cause one more reload; the periodic refresh calls it.</summary>
    public void ForgetMissing() => _missing.Clear();

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

    private bool TryReload(uint id, out DataKey key)
    {
        key = null!;
        if (_reload is not { } reload || _missing.ContainsKey(id))
        {
            return false;
        }

        // One reload at a time; readers of the same id that waited find its outcome.
        lock (_reloading)
        {
            if (_snapshot.Keys.TryGetValue(id, out key!))
            {
                return true;
            }

            if (_missing.ContainsKey(id))
            {
                return false;
            }

            var reason = reload(id);
            if (_snapshot.Keys.TryGetValue(id, out key!))
            {
                return true;
            }

            _missing[id] = reason ?? NotLoadedReason;
            return false;
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
