namespace MySocium.Gdpr.Keys;

/// <summary>
/// Supplies the root key that wraps the data keys, from wherever the host keeps secrets (a key
/// vault, a hardware module, ASP.NET Core Data Protection). When one is registered, it is used
/// instead of <c>Gdpr:Encryption:RootKey</c>.
/// </summary>
public interface IRootKeyProvider
{
    /// <summary>
    /// Gets the 32-byte root key. The library copies it into memory it zeroes on shutdown and
    /// zeroes the returned array.
    /// </summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The root key's 32 bytes.</returns>
    ValueTask<byte[]> GetRootKeyAsync(CancellationToken cancellationToken);
}
