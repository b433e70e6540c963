using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.DataProtection;
using NSec.Cryptography;

namespace MySocium.Gdpr.Benchmarks.Encryption;

/// <summary>
/// The floor and the peer for encrypting one 32-byte field: the bare NSec AEAD calls the
/// converter builds on, and ASP.NET Core Data Protection, which Identity's protected personal
/// data goes through.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class AeadBenchmarks
{
    private const int ValueSize = 32;

    private static readonly Aegis256 Aegis = AeadAlgorithm.Aegis256;
    private static readonly XChaCha20Poly1305 XChaCha = AeadAlgorithm.XChaCha20Poly1305;

    private readonly byte[] _plaintext = new byte[ValueSize];
    private readonly byte[] _associatedData = "MySocium.Gdpr.Benchmarks.User.Email"u8.ToArray();

    // The bare calls reuse one nonce: they only mark the cost floor of the cipher. The library
    // itself never repeats a nonce (DESIGN.md 3.4).
    private byte[] _aegisNonce = [];
    private byte[] _xchachaNonce = [];

    private byte[] _aegisCiphertext = [];
    private byte[] _xchachaCiphertext = [];
    private readonly byte[] _decrypted = new byte[ValueSize];

    private Key _aegisKey = null!;
    private Key _xchachaKey = null!;

    private IDataProtector _protector = null!;
    private byte[] _protected = [];

    [GlobalSetup]
    public void Setup()
    {
        Random.Shared.NextBytes(_plaintext);

        _aegisKey = Key.Create(Aegis);
        _aegisNonce = new byte[Aegis.NonceSize];
        Random.Shared.NextBytes(_aegisNonce);
        _aegisCiphertext = new byte[ValueSize + Aegis.TagSize];
        Aegis.Encrypt(_aegisKey, _aegisNonce, _associatedData, _plaintext, _aegisCiphertext);

        _xchachaKey = Key.Create(XChaCha);
        _xchachaNonce = new byte[XChaCha.NonceSize];
        Random.Shared.NextBytes(_xchachaNonce);
        _xchachaCiphertext = new byte[ValueSize + XChaCha.TagSize];
        XChaCha.Encrypt(_xchachaKey, _xchachaNonce, _associatedData, _plaintext, _xchachaCiphertext);

        // Identity leaves IPersonalDataProtector to the app; the usual one wraps a protector
        // with a purpose string like this over the app's key ring.
        _protector = new EphemeralDataProtectionProvider().CreateProtector("PersonalDataProtector");
        _protected = _protector.Protect(_plaintext);

        // A decrypt benchmark that fails authentication would time the rejection path instead.
        if (!Aegis256Decrypt() || !XChaCha20Poly1305Decrypt() || !DataProtectionUnprotect().AsSpan().SequenceEqual(_plaintext))
        {
            throw new InvalidOperationException("A decrypt benchmark does not round-trip its own ciphertext; fix the setup before measuring.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _aegisKey.Dispose();
        _xchachaKey.Dispose();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Encrypt")]
    public void Aegis256Encrypt() =>
        Aegis.Encrypt(_aegisKey, _aegisNonce, _associatedData, _plaintext, _aegisCiphertext);

    [Benchmark]
    [BenchmarkCategory("Encrypt")]
    public void XChaCha20Poly1305Encrypt() =>
        XChaCha.Encrypt(_xchachaKey, _xchachaNonce, _associatedData, _plaintext, _xchachaCiphertext);

    [Benchmark]
    [BenchmarkCategory("Encrypt")]
    public byte[] DataProtectionProtect() => _protector.Protect(_plaintext);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Decrypt")]
    public bool Aegis256Decrypt() =>
        Aegis.Decrypt(_aegisKey, _aegisNonce, _associatedData, _aegisCiphertext, _decrypted);

    [Benchmark]
    [BenchmarkCategory("Decrypt")]
    public bool XChaCha20Poly1305Decrypt() =>
        XChaCha.Decrypt(_xchachaKey, _xchachaNonce, _associatedData, _xchachaCiphertext, _decrypted);

    [Benchmark]
    [BenchmarkCategory("Decrypt")]
    public byte[] DataProtectionUnprotect() => _protector.Unprotect(_protected);
}
