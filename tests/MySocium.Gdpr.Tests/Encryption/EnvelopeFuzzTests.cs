using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using MySocium.Gdpr.Encryption;
using MySocium.Gdpr.Keys;
using NSec.Cryptography;

namespace MySocium.Gdpr.Tests.Encryption;

/// <summary>
/// Seeded fuzzing of <see cref="EncryptedColumn.Decrypt{T}"/> (DESIGN.md 4): a stored value that
/// was changed in any way fails with <see cref="PersonalDataDecryptionException"/>, whose message
/// holds no plaintext; it never yields a value, and never another exception. Envelopes are sealed
/// by the documented steps with nonces from the seed, so a run is reproducible byte for byte.
/// </summary>
public sealed class EnvelopeFuzzTests
{
    private const int Seed = 0x6D5C0C1A;

    private const int Iterations = 20_000;

    private const int RequiredChangedCases = 10_000;

    private static readonly byte[] SharedMaterial = DocumentedEnvelope.Sequence(0x00, 32);

    private static readonly byte[] OtherMaterial = DocumentedEnvelope.Sequence(0x90, 32);

    /// <summary>Key ids 1 and 5 hold the same material, so only the header tells them apart; 9 differs; 2 is the blind-index key.</summary>
    private static readonly uint[] LoadedKeyIds = [1, 5, 9];

    private static readonly uint[] RewrittenKeyIds = [0, 1, 2, 5, 9, 3, 0x01000001, 0xFFFFFFFF];

    private readonly ITestOutputHelper _output;

    public EnvelopeFuzzTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private enum Mutation
    {
        FlipBits,
        ChangeBytes,
        Truncate,
        Extend,
        Insert,
        Delete,
        RewriteVersion,
        RewriteAlgorithm,
        RewriteKeyId,
        RewriteHeaderAndFlipBit,
        Splice,
        SwapNonce,
        SwapTag,
        FromAnotherColumn,
        RandomBytes,
        ChangeBase64Text,
    }

    [Fact]
    public void Decrypt_MutatedEnvelopes_ThrowTheDocumentedExceptionOrReturnTheOriginalWhenUnchanged()
    {
        var random = new Random(Seed);
        using var ring = new KeyRing();
        ring.Load([new DataKey(1, SharedMaterial), new DataKey(5, SharedMaterial), new DataKey(9, OtherMaterial)], 1, new DataKey(2, DocumentedEnvelope.Sequence(0x40, 32)));
        var algorithms = new List<byte> { 1, 2 };
        if (Aes256Gcm.IsSupported)
        {
            algorithms.Add(3);
        }

        var samples = Samples(ring, algorithms, random);
        var secrets = samples.SelectMany(s => s.Secrets).Distinct().ToArray();
        foreach (var sample in samples)
        {
            SameValue(sample.Decrypt(sample.Envelope), sample.Value).Should().BeTrue($"{sample} decrypts before it is mutated");
        }

        var counts = Enum.GetValues<Mutation>().ToDictionary(m => m, _ => 0);
        var failures = new List<string>();
        var changed = 0;
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            var sample = samples[random.Next(samples.Count)];
            var mutation = (Mutation)random.Next(counts.Count);
            counts[mutation]++;
            var (mutated, decrypt) = Mutate(sample, mutation, samples, random);
            changed += mutated is not null && mutated.AsSpan().SequenceEqual(sample.Envelope) ? 0 : 1;
            var failure = Check(sample, mutated, decrypt, samples, secrets);
            if (failure is not null && failures.Count < 20)
            {
                failures.Add($"#{i} {mutation} of {sample}: {failure}\n  original {Convert.ToHexString(sample.Envelope)}\n  mutated  {(mutated is null ? "(not Base64)" : Convert.ToHexString(mutated))}");
            }
        }

        stopwatch.Stop();
        _output.WriteLine($"{Iterations} cases ({changed} changed) over {samples.Count} envelopes, {algorithms.Count} algorithms, seed {Seed}, in {stopwatch.ElapsedMilliseconds} ms");
        _output.WriteLine(string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}")));

        failures.Should().BeEmpty();
        changed.Should().BeGreaterThanOrEqualTo(RequiredChangedCases);
    }

    private static string? Check(Sample sample, byte[]? mutated, Func<object> decrypt, List<Sample> samples, string[] secrets)
    {
        // Only an envelope written for this column (byte for byte) may decrypt, and only to its own value.
        var genuine = mutated is null ? null : samples.FirstOrDefault(s => s.Column == sample.Column && s.Envelope.AsSpan().SequenceEqual(mutated));
        object result;
        try
        {
            result = decrypt();
        }
        catch (PersonalDataDecryptionException e)
        {
            if (genuine is not null)
            {
                return $"a genuine envelope failed: {e.Message}";
            }

            if (e.Entity != sample.Column.Entity || e.Property != sample.Column.Property)
            {
                return $"the failure names {e.Entity}.{e.Property}";
            }

            uint? expectedKeyId = mutated is { Length: >= 6 } && mutated[0] == 1 ? BinaryPrimitives.ReadUInt32BigEndian(mutated.AsSpan(2)) : null;
            if (e.KeyId != expectedKeyId)
            {
                return $"the failure names key id {e.KeyId?.ToString() ?? "none"}, the header {expectedKeyId?.ToString() ?? "none"}";
            }

            // The messages are what reaches logs; the stack trace is the same for every case.
            var text = Messages(e);
            var leaked = secrets.FirstOrDefault(text.Contains);
            return leaked is null ? null : $"the failure holds the plaintext '{leaked}': {text}";
        }
        catch (Exception e)
        {
            return $"threw {e.GetType().Name} instead: {e.Message}";
        }

        if (genuine is null)
        {
            return $"a changed envelope decrypted, to {Describe(result)}";
        }

        return SameValue(result, genuine.Value) ? null : $"decrypted to {Describe(result)}, not {Describe(genuine.Value)}";
    }

    private static string Messages(Exception e) => e.InnerException is { } inner ? e.Message + "\n" + Messages(inner) : e.Message;

    private static (byte[]? Mutated, Func<object> Decrypt) Mutate(Sample sample, Mutation mutation, List<Sample> samples, Random random)
    {
        var original = sample.Envelope;
        if (mutation == Mutation.ChangeBase64Text)
        {
            // What matters is the bytes the text decodes to; text that is not Base64 has none.
            var text = ChangeBase64Text(Convert.ToBase64String(original), random);
            var decoded = new byte[text.Length];
            return (Convert.TryFromBase64String(text, decoded, out var written) ? decoded[..written] : null, () => sample.DecryptBase64(text));
        }

        var bytes = mutation switch
        {
            Mutation.FlipBits => FlipBits(original, random.Next(1, 5), random),
            Mutation.ChangeBytes => ChangeBytes(original, random.Next(1, 4), random),
            Mutation.Truncate => original[..random.Next(original.Length)],
            Mutation.Extend => [.. original, .. RandomBytes(random.Next(1, 49), random)],
            Mutation.Insert => Insert(original, random),
            Mutation.Delete => Delete(original, random),
            Mutation.RewriteVersion => WithByte(original, 0, (byte)random.Next(256)),
            Mutation.RewriteAlgorithm => WithByte(original, 1, random.Next(4) == 0 ? (byte)random.Next(256) : (byte)random.Next(5)),
            Mutation.RewriteKeyId => WithKeyId(original, random.Next(4) == 0 ? (uint)random.NextInt64(uint.MaxValue + 1L) : RewrittenKeyIds[random.Next(RewrittenKeyIds.Length)]),
            Mutation.RewriteHeaderAndFlipBit => FlipBits(WithKeyId(original, RewrittenKeyIds[random.Next(RewrittenKeyIds.Length)]), 1, random),
            Mutation.Splice => Splice(original, Pick(samples, sample, sameColumn: random.Next(2) == 0, random).Envelope, random),
            Mutation.SwapNonce => SwapRange(original, Pick(samples, sample, sameColumn: true, random).Envelope, 6, sample.NonceSize),
            Mutation.SwapTag => SwapRange(original, Pick(samples, sample, sameColumn: true, random).Envelope, original.Length - sample.TagSize, sample.TagSize),
            Mutation.FromAnotherColumn => sample.FromAnotherColumns[random.Next(sample.FromAnotherColumns.Length)],
            Mutation.RandomBytes => RandomBytes(random.Next(0, 120), random),
            _ => throw new ArgumentOutOfRangeException(nameof(mutation)),
        };
        return (bytes, () => sample.Decrypt(bytes));
    }

    private static List<Sample> Samples(KeyRing ring, List<byte> algorithms, Random random)
    {
        var longText = string.Concat(Enumerable.Repeat("grace.hopper@example.org ", 13));
        var values = new (string Property, object Value, object Codec)[]
        {
            ("Email", "ada.lovelace@example.org", Codec<string>()),
            ("Nickname", string.Empty, Codec<string>()),
            ("Biography", longText, Codec<string>()),
            ("Name", "Zoë Ünïcødé 🦊 Lovelace", Codec<string>()),
            ("LoginCount", 1234567891, Codec<int>()),
            ("Balance", -8070450532247928832L, Codec<long>()),
            ("ExternalId", Guid.Parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), Codec<Guid>()),
            ("BornAt", new DateTimeOffset(1815, 12, 10, 12, 34, 56, TimeSpan.FromMinutes(345)), Codec<DateTimeOffset>()),
            ("Salary", 98765.4321m, Codec<decimal>()),
            ("LastAddress", IPAddress.Parse("203.0.113.77"), Codec<IPAddress>()),
            ("Photo", DocumentedEnvelope.Sequence(0xA0, 40), Codec<byte[]>()),
        };

        var samples = new List<Sample>();
        foreach (var algorithm in algorithms)
        {
            var aead = DocumentedEnvelope.Aead(algorithm);
            foreach (var (property, value, codec) in values)
            {
                var column = new EncryptedColumn(ring, GdprEncryptionAlgorithm.Aegis256, "Person", property);
                var plaintext = Plaintext(value, codec);
                foreach (var keyId in LoadedKeyIds)
                {
                    var material = keyId == 9 ? OtherMaterial : SharedMaterial;
                    byte[] Seal(string entity, string name) => DocumentedEnvelope.Seal(material, keyId, algorithm, entity, name, plaintext, RandomBytes(aead.NonceSize, random));
                    samples.Add(new Sample(column, codec, value, Seal("Person", property), aead.NonceSize, aead.TagSize)
                    {
                        // The same value, key and algorithm, in another entity's column of the same name, and in another column of the same entity.
                        FromAnotherColumns = [Seal("Customer", property), Seal("Person", property + "2")],
                        IsBase64 = false,
                    });
                }
            }
        }

        // Some samples go through the Base64 text storage instead.
        foreach (var sample in samples.Where((_, i) => i % 5 == 0).ToList())
        {
            samples.Add(sample with { IsBase64 = true });
        }

        return samples;
    }

    private static byte[] Plaintext(object value, object codec) => value switch
    {
        string s => Write(s, (PlaintextCodec<string>)codec),
        int i => Write(i, (PlaintextCodec<int>)codec),
        long l => Write(l, (PlaintextCodec<long>)codec),
        Guid g => Write(g, (PlaintextCodec<Guid>)codec),
        DateTimeOffset d => Write(d, (PlaintextCodec<DateTimeOffset>)codec),
        decimal m => Write(m, (PlaintextCodec<decimal>)codec),
        IPAddress a => Write(a, (PlaintextCodec<IPAddress>)codec),
        byte[] b => Write(b, (PlaintextCodec<byte[]>)codec),
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    private static byte[] Write<T>(T value, PlaintextCodec<T> codec)
    {
        var bytes = new byte[codec.GetByteCount(value)];
        codec.Write(value, bytes);
        return bytes;
    }

    private static PlaintextCodec<T> Codec<T>() => (PlaintextCodec<T>)PlaintextCodecs.For(typeof(T))!;

    private static bool SameValue(object? actual, object expected) => (actual, expected) switch
    {
        (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
        (DateTimeOffset a, DateTimeOffset b) => a.EqualsExact(b),
        (decimal a, decimal b) => decimal.GetBits(a).AsSpan().SequenceEqual(decimal.GetBits(b)),
        _ => Equals(actual, expected),
    };

    private static string Describe(object? value) => value is byte[] bytes ? Convert.ToHexString(bytes) : $"{value}";

    private static Sample Pick(List<Sample> samples, Sample sample, bool sameColumn, Random random)
    {
        var candidates = sameColumn ? samples.Where(s => s.Column == sample.Column).ToList() : samples;
        return candidates[random.Next(candidates.Count)];
    }

    private static byte[] RandomBytes(int count, Random random)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] FlipBits(byte[] original, int count, Random random)
    {
        var bytes = (byte[])original.Clone();
        for (var i = 0; i < count; i++)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        }

        return bytes;
    }

    private static byte[] ChangeBytes(byte[] original, int count, Random random)
    {
        var bytes = (byte[])original.Clone();
        for (var i = 0; i < count; i++)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        return bytes;
    }

    private static byte[] Insert(byte[] original, Random random)
    {
        var at = random.Next(original.Length + 1);
        return [.. original.AsSpan(0, at), .. RandomBytes(random.Next(1, 9), random), .. original.AsSpan(at)];
    }

    private static byte[] Delete(byte[] original, Random random)
    {
        var at = random.Next(original.Length);
        var count = Math.Min(random.Next(1, 9), original.Length - at);
        return [.. original.AsSpan(0, at), .. original.AsSpan(at + count)];
    }

    private static byte[] WithByte(byte[] original, int index, byte value)
    {
        var bytes = (byte[])original.Clone();
        bytes[index] = value;
        return bytes;
    }

    private static byte[] WithKeyId(byte[] original, uint keyId)
    {
        var bytes = (byte[])original.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(2), keyId);
        return bytes;
    }

    /// <summary>The start of one envelope and the end of another, each cut anywhere.</summary>
    private static byte[] Splice(byte[] first, byte[] second, Random random)
        => [.. first.AsSpan(0, random.Next(first.Length + 1)), .. second.AsSpan(random.Next(second.Length + 1))];

    private static byte[] SwapRange(byte[] original, byte[] donor, int start, int length)
    {
        var bytes = (byte[])original.Clone();
        if (donor.Length >= start + length)
        {
            donor.AsSpan(start, length).CopyTo(bytes.AsSpan(start));
        }

        return bytes;
    }

    private static string ChangeBase64Text(string text, Random random)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n*";
        var builder = new StringBuilder(text);
        var at = random.Next(builder.Length);
        switch (random.Next(4))
        {
            case 0:
                builder[at] = Alphabet[random.Next(Alphabet.Length)];
                break;
            case 1:
                builder.Remove(at, 1);
                break;
            case 2:
                builder.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                break;
            default:
                builder.Length = at;
                break;
        }

        return builder.ToString();
    }

    private sealed record Sample(EncryptedColumn Column, object Codec, object Value, byte[] Envelope, int NonceSize, int TagSize)
    {
        public required byte[][] FromAnotherColumns { get; init; }

        public required bool IsBase64 { get; init; }

        public IEnumerable<string> Secrets => Value switch
        {
            "" => [],
            byte[] bytes => [Convert.ToHexString(bytes), Convert.ToBase64String(bytes)],
            Guid guid => [guid.ToString("D"), guid.ToString("N")],
            DateTimeOffset time => [time.ToString("O", CultureInfo.InvariantCulture), time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)],
            decimal amount => [amount.ToString(CultureInfo.InvariantCulture)],
            _ => [Convert.ToString(Value, CultureInfo.InvariantCulture)!],
        };

        public object Decrypt(byte[] envelope) => IsBase64 ? DecryptBase64(Convert.ToBase64String(envelope)) : Decrypt(envelope, Codec);

        public object DecryptBase64(string text) => Decrypt(Base64Envelope.Decode(text, Column), Codec);

        public override string ToString() => $"{Column.Entity}.{Column.Property} ({Value.GetType().Name}, algorithm {Envelope[1]}, key id {BinaryPrimitives.ReadUInt32BigEndian(Envelope.AsSpan(2))}{(IsBase64 ? ", Base64" : string.Empty)})";

        private object Decrypt(byte[] envelope, object codec) => codec switch
        {
            PlaintextCodec<string> c => Column.Decrypt(envelope, c),
            PlaintextCodec<int> c => Column.Decrypt(envelope, c),
            PlaintextCodec<long> c => Column.Decrypt(envelope, c),
            PlaintextCodec<Guid> c => Column.Decrypt(envelope, c),
            PlaintextCodec<DateTimeOffset> c => Column.Decrypt(envelope, c),
            PlaintextCodec<decimal> c => Column.Decrypt(envelope, c),
            PlaintextCodec<IPAddress> c => Column.Decrypt(envelope, c),
            PlaintextCodec<byte[]> c => Column.Decrypt(envelope, c),
            _ => throw new ArgumentOutOfRangeException(nameof(codec)),
        };
    }
}
