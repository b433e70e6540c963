namespace MySocium.Gdpr.Encryption;

/// <summary>
/// The canonical binary form of a property's values before encryption (docs/envelope.md lists
/// each type's layout). Reading rejects bytes that no value of the type could have written.
/// </summary>
/// <typeparam name="T">The property's type, without <see cref="Nullable{T}"/>.</typeparam>
internal abstract class PlaintextCodec<T>
{
    /// <summary>Gets the exact number of bytes <see cref="Write"/> writes for <paramref name="value"/>.</summary>
    public abstract int GetByteCount(T value);

    /// <summary>Writes exactly <see cref="GetByteCount"/> bytes.</summary>
    public abstract void Write(T value, Span<byte> destination);

    /// <summary>Reads a value; throws <see cref="FormatException"/> when the bytes are not a value of the type.</summary>
    public abstract T Read(ReadOnlySpan<byte> source);
}
