using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using MySocium.Gdpr.Encryption;
using MySocium.Gdpr.Keys;
using NSec.Cryptography;

namespace MySocium.Gdpr.Benchmarks.Encryption;

/// <summary>
/// DESIGN.md section 5, row 1: a 32-byte string field through the library's converter (UTF-8
/// encoding, fresh nonce, envelope, AEGIS-256) against the bare NSec AEGIS-256 call on the same
/// bytes, ASP.NET Core Data Protection (what Identity's protected personal data uses), and the
/// BCL's AES-GCM for reference.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class FieldEncryptionBenchmarks
{
    private static readonly Aegis256 Aegis = AeadAlgorithm.Aegis256;

    private readonly string _value = "ada.lovelace@analytical.example!";
    private byte[] _plaintext = [];
    private readonly byte[] _associatedData = "\u0001\u0001\0\0\0\u0001User\0Email"u8.ToArray();
    private readonly byte[] _aegisNonce = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _gcmNonce = RandomNumberGenerator.GetBytes(12);
    private readonly byte[] _decrypted = new byte[32];
    private readonly byte[] _gcmTag = new byte[16];

    private KeyRing _ring = null!;
    private Key _aegisKey = null!;
    private AesGcm _aesGcm = null!;
    private Func<string, byte[]> _encrypt = null!;
    private Func<byte[], string> _decrypt = null!;
    private IDataProtector _protector = null!;

    private byte[] _aegisCiphertext = [];
    private byte[] _gcmCiphertext = [];
    private byte[] _envelope = [];
    private string _protected = "";

    [GlobalSetup]
    public void Setup()
    {
        _plaintext = Encoding.UTF8.GetBytes(_value);
        if (_plaintext.Length != 32)
        {
            throw new InvalidOperationException($"The benchmark value is {_plaintext.Length} bytes, not 32.");
        }

        _ring = new KeyRing();
        _ring.Load([new DataKey(1, RandomNumberGenerator.GetBytes(32))], 1, new DataKey(2, RandomNumberGenerator.GetBytes(32)));
        var column = new EncryptedColumn(_ring, GdprEncryptionAlgorithm.Aegis256, "User", "Email");
        var converter = (ValueConverter<string, byte[]>)EncryptingValueConverters.Create(typeof(string), column, PersonalDataStorage.Binary, acceptPlaintext: false);
        _encrypt = converter.ConvertToProviderTyped;
        _decrypt = converter.ConvertFromProviderTyped;
        _envelope = _encrypt(_value);

        _aegisKey = Key.Create(Aegis);
        _aegisCiphertext = new byte[32 + Aegis.TagSize];
        Aegis.Encrypt(_aegisKey, _aegisNonce, _associatedData, _plaintext, _aegisCiphertext);

        _aesGcm = new AesGcm(RandomNumberGenerator.GetBytes(32), 16);
        _gcmCiphertext = new byte[32];
        _aesGcm.Encrypt(_gcmNonce, _plaintext, _gcmCiphertext, _gcmTag, _associatedData);

        _protector = new EphemeralDataProtectionProvider().CreateProtector("Microsoft.AspNetCore.Identity.PersonalDataProtector");
        _protected = _protector.Protect(_value);

        if (ConverterDecrypt() != _value || DataProtectionUnprotect() != _value || !NSecAegis256Decrypt())
        {
            throw new InvalidOperationException("A decrypt benchmark does not round-trip its own ciphertext.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ring.Dispose();
        _aegisKey.Dispose();
        _aesGcm.Dispose();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Encrypt")]
    public void NSecAegis256Encrypt() => Aegis.Encrypt(_aegisKey, _aegisNonce, _associatedData, _plaintext, _aegisCiphertext);

    [Benchmark]
    [BenchmarkCategory("Encrypt")]
    public byte[] ConverterEncrypt() => _encrypt(_value);

    [Benchmark]
    [BenchmarkCategory("Encrypt")]
    public string DataProtectionProtect() => _protector.Protect(_value);

    [Benchmark]
    [BenchmarkCategory("Encrypt")]
    public void BclAesGcmEncrypt() => _aesGcm.Encrypt(_gcmNonce, _plaintext, _gcmCiphertext, _gcmTag, _associatedData);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Decrypt")]
    public bool NSecAegis256Decrypt() => Aegis.Decrypt(_aegisKey, _aegisNonce, _associatedData, _aegisCiphertext, _decrypted);

    [Benchmark]
    [BenchmarkCategory("Decrypt")]
    public string ConverterDecrypt() => _decrypt(_envelope);

    [Benchmark]
    [BenchmarkCategory("Decrypt")]
    public string DataProtectionUnprotect() => _protector.Unprotect(_protected);

    [Benchmark]
    [BenchmarkCategory("Decrypt")]
    public void BclAesGcmDecrypt() => _aesGcm.Decrypt(_gcmNonce, _gcmCiphertext, _gcmTag, _decrypted, _associatedData);
}
