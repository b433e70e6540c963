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
    /// Adds a data key that becomes current after <c>Gdpr:Encryption:KeyActivationDelay</c> (at
    /// once by default): new values are then encrypted under it, values under older keys still
    /// decrypt, and the background re-encryption job moves them over.
    /// </summary>
    /// <param name="cancellationToken">Cancels the rotation.</param>
    /// <returns>The new key.</returns>
    Task<GdprKeyInfo> RotateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Retires a data key that no stored value uses any more: it is no longer loaded, and values
    /// under it could no longer be read, which is why a key still in use is refused.
    /// </summary>
    /// <param name="keyId">The key to retire.</param>
    /// <param name="cancellationToken">Cancels the check and the retirement.</param>
    /// <returns>A task that completes when the key is retired.</returns>
    /// <exception cref="InvalidOperationException">The key is current, unknown, or still encrypts values.</exception>
    Task RetireAsync(int keyId, CancellationToken cancellationToken = default);
}
