namespace MySocium.Gdpr.Keys;

/// <summary>
/// The application's data keys: wrapped by the root key and stored in the host's database,
/// versioned, and rotated by adding a key that becomes current.
/// </summary>
public interface IGdprKeyRing
{
    /// <summary>Gets the keys loaded, oldest first.</summary>
    IReadOnlyList<GdprKeyInfo> Keys { get; }

    /// <summary>
    /// Loads the data keys from the database, creating the first ones when there are none, and
    /// checks that the root key unwraps every one. The host does this when it starts.
    /// </summary>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>A task that completes when the keys are loaded.</returns>
    /// <exception cref="InvalidOperationException">The root key is missing or does not unwrap a stored key.</exception>
    Task LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds a data key and makes it current: new values are encrypted under it, values under older
    /// keys still decrypt, and the re-encryption job moves them over.
    /// </summary>
    /// <param name="cancellationToken">Cancels the rotation.</param>
    /// <returns>The new current key.</returns>
    Task<GdprKeyInfo> RotateAsync(CancellationToken cancellationToken = default);
}
