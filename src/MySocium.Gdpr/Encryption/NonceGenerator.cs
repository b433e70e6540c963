using System.Security.Cryptography;

namespace MySocium.Gdpr.Encryption;

/// <summary>
/// Hands out nonces from the operating system's CSPRNG. One <see cref="RandomNumberGenerator.Fill"/>
/// per value costs more than the cipher itself, so each thread fills a buffer at a time and
/// takes nonces from it; every byte is handed out once.
/// </summary>
internal static class NonceGenerator
{
    private const int BufferSize = 4096;

    [ThreadStatic]
    private static byte[]? _buffer;

    [ThreadStatic]
    private static int _offset;

    public static void Fill(Span<byte> nonce)
    {
        var buffer = _buffer;
        var offset = _offset;
        if (buffer is null || offset + nonce.Length > BufferSize)
        {
            buffer = _buffer ??= new byte[BufferSize];
            RandomNumberGenerator.Fill(buffer);
            offset = 0;
        }

        var source = buffer.AsSpan(offset, nonce.Length);
        source.CopyTo(nonce);
        source.Clear();
        _offset = offset + nonce.Length;
    }
}
