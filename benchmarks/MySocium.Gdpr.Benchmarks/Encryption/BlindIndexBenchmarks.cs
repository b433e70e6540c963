using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using MySocium.Gdpr.Encryption;
using MySocium.Gdpr.Keys;
using NSec.Cryptography;

namespace MySocium.Gdpr.Benchmarks.Encryption;

/// <summary>
/// DESIGN.md section 5, row 2: the blind index of a 32-byte value through the shadow property's
/// converter (what EF runs for every query parameter and saved value) against the bare keyed
/// BLAKE2b call on the same bytes.
/// </summary>
[MemoryDiagnoser]
public class BlindIndexBenchmarks
{
    private readonly string _value = "grace.hopper@navy.example.org.us";
    private readonly byte[] _mac = new byte[32];
    private byte[] _bytes = [];
    private KeyRing _ring = null!;
    private Key _key = null!;
    private Func<string, byte[]> _index = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bytes = Encoding.UTF8.GetBytes(_value);
        _ring = new KeyRing();
        _ring.Load([new DataKey(1, RandomNumberGenerator.GetBytes(32))], 1, new DataKey(2, RandomNumberGenerator.GetBytes(32)));
        var converter = (ValueConverter<string, byte[]>)BlindIndexValueConverter.Create(typeof(string), new BlindIndexColumn(_ring, "User", "Email"), normalize: null);
        _index = converter.ConvertToProviderTyped;
        _key = Key.Create(MacAlgorithm.Blake2b_256);
        _index(_value);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ring.Dispose();
        _key.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void NSecBlake2bMac() => MacAlgorithm.Blake2b_256.Mac(_key, _bytes, _mac);

    [Benchmark]
    public byte[] BlindIndexConverter() => _index(_value);
}
