using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using MySocium.Gdpr.Encryption;

namespace MySocium.Gdpr.Tests.Encryption;

/// <summary>
/// The canonical plaintext encodings of docs/envelope.md: every type's edge values round-trip
/// exactly, a few layouts are pinned byte for byte so the document and the code cannot drift, and
/// bytes no value could have written are refused.
/// </summary>
public sealed class PlaintextCodecTests
{
    internal enum ByteEnum : byte
    {
        Min = byte.MinValue,
        Max = byte.MaxValue,
    }

    internal enum SByteEnum : sbyte
    {
        Min = sbyte.MinValue,
        Max = sbyte.MaxValue,
    }

    internal enum ShortEnum : short
    {
        Min = short.MinValue,
        MinusTwo = -2,
        Max = short.MaxValue,
    }

    internal enum UShortEnum : ushort
    {
        Max = ushort.MaxValue,
    }

    internal enum IntEnum
    {
        Min = int.MinValue,
        Max = int.MaxValue,
    }

    internal enum UIntEnum : uint
    {
        Max = uint.MaxValue,
    }

    internal enum LongEnum : long
    {
        Min = long.MinValue,
        Max = long.MaxValue,
    }

    internal enum ULongEnum : ulong
    {
        Max = ulong.MaxValue,
    }

    /// <summary>Bytes no value of the type could have written: each is refused.</summary>
    public static TheoryData<Type, string> InvalidEncodings => new()
    {
        { typeof(bool), "02" },
        { typeof(bool), "ff" },
        { typeof(bool), "" },
        { typeof(bool), "0100" },
        { typeof(byte), "" },
        { typeof(sbyte), "0000" },
        { typeof(short), "00" },
        { typeof(ushort), "000000" },
        { typeof(char), "00" },
        { typeof(int), "000000" },
        { typeof(uint), "0000000000" },
        { typeof(long), "00000000000000" },
        { typeof(ulong), "000000000000000000" },
        { typeof(float), "000000" },
        { typeof(double), "0000000000000000ff" },
        { typeof(decimal), "000000000000000000000000000000" },
        { typeof(decimal), "000000000000000000000000001d0000" },
        { typeof(decimal), "00000000000000000000000001000000" },
        { typeof(decimal), "00000000000000000000000000000040" },
        { typeof(Guid), "00112233445566778899aabbccddee" },
        { typeof(Guid), "00112233445566778899aabbccddeeff00" },
        { typeof(DateTime), "000000000000000003" },
        { typeof(DateTime), "0000000000000000ff" },
        { typeof(DateTime), "004037f47528ca2b00" },
        { typeof(DateTime), "ffffffffffffffff00" },
        { typeof(DateTime), "0000000000000000" },
        { typeof(DateOnly), "ffffffff" },
        { typeof(DateOnly), "dbb93700" },
        { typeof(DateOnly), "000000" },
        { typeof(TimeOnly), "ffffffffffffffff" },
        { typeof(TimeOnly), "00c0692ac9000000" },
        { typeof(TimeOnly), "00000000000000" },
        { typeof(TimeSpan), "00000000000000" },
        { typeof(DateTimeOffset), "00000000000000004903" },
        { typeof(DateTimeOffset), "0000000000000000b7fc" },
        { typeof(DateTimeOffset), "ffffffffffffffff0000" },
        { typeof(DateTimeOffset), "0000000000000000c4ff" },
        { typeof(DateTimeOffset), "ff3f37f47528ca2b3c00" },
        { typeof(DateTimeOffset), "000000000000000000" },
        { typeof(IPAddress), "" },
        { typeof(IPAddress), "c00002" },
        { typeof(IPAddress), "c000020100" },
        { typeof(IPAddress), "20010db800000000000000000000" },
        { typeof(IPAddress), "20010db80000000000000000000000000100" },
        { typeof(IPAddress), "fe800000000000000000000000000001040302" },
        { typeof(IPAddress), "fe80000000000000000000000000000104030201ff" },
        { typeof(ByteEnum), "" },
        { typeof(LongEnum), "00000000" },
        { typeof(string), "c328" },
        { typeof(string), "ff" },
        { typeof(string), "80" },
        { typeof(string), "c080" },
        { typeof(string), "e282" },
        { typeof(string), "eda080" },
        { typeof(string), "f4908080" },
    };

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ada@example.org")]
    [InlineData("Zoë 🦊 Ωμέγα 漢字")]
    [InlineData("\0")]
    [InlineData("\uFEFFleading byte order mark")]
    [InlineData("\U0010FFFF\uFFFF\uE000")]
    public void RoundTrip_String_KeepsEveryCodePoint(string value)
    {
        RoundTrip(value).Should().Be(value);
    }

    [Fact]
    public void RoundTrip_LongString_KeepsIt()
    {
        var value = string.Concat(Enumerable.Repeat("Zoë 🦊 ", 5000));

        RoundTrip(value).Should().Be(value);
    }

    [Fact]
    public void RoundTrip_ByteArray_KeepsTheBytes()
    {
        RoundTrip(Array.Empty<byte>()).Should().BeEmpty();
        RoundTrip(new byte[] { 0 }).Should().Equal(0);
        RoundTrip(DocumentedEnvelope.Sequence(0, 256)).Should().Equal(DocumentedEnvelope.Sequence(0, 256));
    }

    [Fact]
    public void RoundTrip_BooleanAndIntegers_KeepMinAndMax()
    {
        RoundTrip(true).Should().BeTrue();
        RoundTrip(false).Should().BeFalse();
        RoundTrip(byte.MinValue).Should().Be(byte.MinValue);
        RoundTrip(byte.MaxValue).Should().Be(byte.MaxValue);
        RoundTrip(sbyte.MinValue).Should().Be(sbyte.MinValue);
        RoundTrip(sbyte.MaxValue).Should().Be(sbyte.MaxValue);
        RoundTrip(short.MinValue).Should().Be(short.MinValue);
        RoundTrip(short.MaxValue).Should().Be(short.MaxValue);
        RoundTrip(ushort.MaxValue).Should().Be(ushort.MaxValue);
        RoundTrip(int.MinValue).Should().Be(int.MinValue);
        RoundTrip(int.MaxValue).Should().Be(int.MaxValue);
        RoundTrip(-1).Should().Be(-1);
        RoundTrip(uint.MaxValue).Should().Be(uint.MaxValue);
        RoundTrip(long.MinValue).Should().Be(long.MinValue);
        RoundTrip(long.MaxValue).Should().Be(long.MaxValue);
        RoundTrip(ulong.MaxValue).Should().Be(ulong.MaxValue);
        RoundTrip(ulong.MinValue).Should().Be(ulong.MinValue);
    }

    [Fact]
    public void RoundTrip_Char_KeepsAnyUtf16CodeUnitIncludingALoneSurrogate()
    {
        RoundTrip('\0').Should().Be('\0');
        RoundTrip('é').Should().Be('é');
        RoundTrip('\uD800').Should().Be('\uD800');
        RoundTrip(char.MaxValue).Should().Be(char.MaxValue);
    }

    [Fact]
    public void RoundTrip_Single_KeepsTheExactBits()
    {
        float[] values = [0f, -0f, float.NaN, BitConverter.Int32BitsToSingle(0x7FC00001), BitConverter.Int32BitsToSingle(unchecked((int)0xFF800001)),
            float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, float.MinValue, float.MaxValue, 1.1f];
        foreach (var value in values)
        {
            BitConverter.SingleToInt32Bits(RoundTrip(value)).Should().Be(BitConverter.SingleToInt32Bits(value), $"{value} keeps its bits");
        }
    }

    [Fact]
    public void RoundTrip_Double_KeepsTheExactBits()
    {
        double[] values = [0d, -0d, double.NaN, BitConverter.Int64BitsToDouble(0x7FF0000000000001), double.PositiveInfinity, double.NegativeInfinity,
            double.Epsilon, double.MinValue, double.MaxValue, 0.1];
        foreach (var value in values)
        {
            BitConverter.DoubleToInt64Bits(RoundTrip(value)).Should().Be(BitConverter.DoubleToInt64Bits(value), $"{value} keeps its bits");
        }
    }

    [Fact]
    public void RoundTrip_Decimal_KeepsValueSignAndScale()
    {
        decimal[] values = [0m, 0.000m, 1.0m, 1.00m, -1m, new decimal(0, 0, 0, isNegative: true, scale: 3), decimal.MaxValue, decimal.MinValue,
            0.0000000000000000000000000001m, 98765.4321m];
        foreach (var value in values)
        {
            decimal.GetBits(RoundTrip(value)).Should().Equal(decimal.GetBits(value), $"{value} keeps its value, sign and scale");
        }

        RoundTrip(1.00m).ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("1.00");
    }

    [Fact]
    public void RoundTrip_Guid_KeepsIt()
    {
        Guid[] values = [Guid.Empty, Guid.AllBitsSet, Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), Guid.CreateVersion7()];
        foreach (var value in values)
        {
            RoundTrip(value).Should().Be(value);
        }
    }

    [Fact]
    public void RoundTrip_EnumsOfEveryUnderlyingType_KeepDefinedAndUndefinedValues()
    {
        RoundTripEnum(ByteEnum.Max, 1);
        RoundTripEnum((ByteEnum)200, 1);
        RoundTripEnum(SByteEnum.Min, 1);
        RoundTripEnum(ShortEnum.Min, 2);
        RoundTripEnum(UShortEnum.Max, 2);
        RoundTripEnum(IntEnum.Min, 4);
        RoundTripEnum((IntEnum)12345, 4);
        RoundTripEnum(UIntEnum.Max, 4);
        RoundTripEnum(LongEnum.Min, 8);
        RoundTripEnum(LongEnum.Max, 8);
        RoundTripEnum(ULongEnum.Max, 8);
        RoundTripEnum(DayOfWeek.Saturday, 4);
        RoundTripEnum(DateTimeKind.Local, 4);
    }

    [Fact]
    public void RoundTrip_DateTime_KeepsTicksAndKind()
    {
        foreach (var kind in Enum.GetValues<DateTimeKind>())
        {
            foreach (var ticks in new[] { DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks, new DateTime(2026, 4, 15, 13, 14, 15).AddTicks(1234567).Ticks })
            {
                var value = new DateTime(ticks, kind);

                var read = RoundTrip(value);

                read.Ticks.Should().Be(ticks);
                read.Kind.Should().Be(kind);
            }
        }
    }

    [Fact]
    public void RoundTrip_DateOnlyTimeOnlyTimeSpan_KeepMinAndMax()
    {
        RoundTrip(DateOnly.MinValue).Should().Be(DateOnly.MinValue);
        RoundTrip(DateOnly.MaxValue).Should().Be(DateOnly.MaxValue);
        RoundTrip(new DateOnly(1815, 12, 10)).Should().Be(new DateOnly(1815, 12, 10));
        RoundTrip(TimeOnly.MinValue).Should().Be(TimeOnly.MinValue);
        RoundTrip(TimeOnly.MaxValue).Should().Be(TimeOnly.MaxValue);
        RoundTrip(TimeSpan.MinValue).Should().Be(TimeSpan.MinValue);
        RoundTrip(TimeSpan.MaxValue).Should().Be(TimeSpan.MaxValue);
        RoundTrip(TimeSpan.FromTicks(-1)).Should().Be(TimeSpan.FromTicks(-1));
    }

    [Fact]
    public void RoundTrip_DateTimeOffset_KeepsTheInstantAndTheOffset()
    {
        var local = new DateTime(2026, 4, 15, 13, 14, 15, DateTimeKind.Unspecified).AddTicks(1234567);
        DateTimeOffset[] values =
        [
            DateTimeOffset.MinValue,
            DateTimeOffset.MaxValue,
            DateTimeOffset.UnixEpoch,
            new(local, TimeSpan.FromHours(14)),
            new(local, TimeSpan.FromHours(-14)),
            new(local, new TimeSpan(5, 45, 0)),
            new(local, new TimeSpan(-3, -30, 0)),
            new(DateTime.MinValue, TimeSpan.FromHours(-14)),
            new(DateTime.MaxValue, TimeSpan.FromHours(14)),
        ];
        foreach (var value in values)
        {
            var read = RoundTrip(value);

            read.EqualsExact(value).Should().BeTrue($"{value:O} keeps its instant and offset, not {read:O}");
        }
    }

    [Theory]
    [InlineData("0.0.0.0", 4)]
    [InlineData("255.255.255.255", 4)]
    [InlineData("192.0.2.1", 4)]
    [InlineData("::", 16)]
    [InlineData("::1", 16)]
    [InlineData("2001:db8::1", 16)]
    [InlineData("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 16)]
    [InlineData("::ffff:192.0.2.1", 16)]
    [InlineData("fe80::1%3", 20)]
    [InlineData("fe80::1%4294967295", 20)]
    public void RoundTrip_IPAddress_KeepsFamilyBytesAndScope(string text, int size)
    {
        var value = IPAddress.Parse(text);

        Bytes(value).Should().HaveCount(size);
        var read = RoundTrip(value);

        read.Should().Be(value);
        read.AddressFamily.Should().Be(value.AddressFamily);
        read.GetAddressBytes().Should().Equal(value.GetAddressBytes());
        read.IsIPv4MappedToIPv6.Should().Be(value.IsIPv4MappedToIPv6);
        if (value.AddressFamily == AddressFamily.InterNetworkV6)
        {
            read.ScopeId.Should().Be(value.ScopeId);
        }
    }

    [Fact]
    public void For_NullableType_GivesTheUnderlyingTypesCodec()
    {
        PlaintextCodecs.For(typeof(int?)).Should().BeAssignableTo<PlaintextCodec<int>>();
        PlaintextCodecs.For(typeof(DateTimeOffset?)).Should().BeAssignableTo<PlaintextCodec<DateTimeOffset>>();
        PlaintextCodecs.For(typeof(ByteEnum?)).Should().BeAssignableTo<PlaintextCodec<ByteEnum>>();
    }

    [Theory]
    [InlineData(typeof(object))]
    [InlineData(typeof(Uri))]
    [InlineData(typeof(int[]))]
    [InlineData(typeof(List<string>))]
    [InlineData(typeof(Half))]
    [InlineData(typeof(Int128))]
    [InlineData(typeof(nint))]
    public void For_UnsupportedType_GivesNull(Type type)
    {
        PlaintextCodecs.For(type).Should().BeNull();
    }

    [Fact]
    public void Layout_TextAndIntegers_AreUtf8AndLittleEndian()
    {
        Bytes("Zoë").Should().Equal(0x5A, 0x6F, 0xC3, 0xAB);
        Bytes("\uFEFFa").Should().Equal(0xEF, 0xBB, 0xBF, 0x61);
        Bytes(string.Empty).Should().BeEmpty();
        Bytes(new byte[] { 0xDE, 0xAD }).Should().Equal(0xDE, 0xAD);
        Bytes(true).Should().Equal(0x01);
        Bytes(false).Should().Equal(0x00);
        Bytes((sbyte)-1).Should().Equal(0xFF);
        Bytes((short)-2).Should().Equal(0xFE, 0xFF);
        Bytes((ushort)0x1234).Should().Equal(0x34, 0x12);
        Bytes('é').Should().Equal(0xE9, 0x00);
        Bytes(0x12345678).Should().Equal(0x78, 0x56, 0x34, 0x12);
        Bytes(0xFFFFFFFEu).Should().Equal(0xFE, 0xFF, 0xFF, 0xFF);
        Bytes(-2L).Should().Equal(0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
        Bytes(0x0102030405060708UL).Should().Equal(0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01);
        Bytes(ShortEnum.MinusTwo).Should().Equal(0xFE, 0xFF);
        Bytes(ULongEnum.Max).Should().Equal(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
    }

    [Fact]
    public void Layout_FloatingPointAndDecimal_AreIeeeLittleEndianAndGetBits()
    {
        Bytes(1.0f).Should().Equal(0x00, 0x00, 0x80, 0x3F);
        Bytes(-0.0d).Should().Equal(0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80);
        Bytes(1.5d).Should().Equal(0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0x3F);
        Hex(1.50m).Should().Be("96000000" + "00000000" + "00000000" + "00000200");
        Hex(-1m).Should().Be("01000000" + "00000000" + "00000000" + "00000080");
    }

    [Fact]
    public void Layout_GuidDatesAndAddresses_AreAsDocumented()
    {
        Hex(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff")).Should().Be("00112233445566778899aabbccddeeff");
        Hex(new DateTime(0x0123456789ABCDEF, DateTimeKind.Unspecified)).Should().Be("efcdab8967452301" + "00");
        Hex(new DateTime(0x0123456789ABCDEF, DateTimeKind.Utc)).Should().Be("efcdab8967452301" + "01");
        Hex(new DateTime(0x0123456789ABCDEF, DateTimeKind.Local)).Should().Be("efcdab8967452301" + "02");
        Hex(DateOnly.MinValue).Should().Be("00000000");
        Hex(DateOnly.FromDayNumber(0x00012345)).Should().Be("45230100");
        Hex(new TimeOnly(0x0123456789)).Should().Be("8967452301000000");
        Hex(TimeSpan.FromTicks(-1)).Should().Be("ffffffffffffffff");
        Hex(new DateTimeOffset(0x0123456789ABCDEF, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(-90))).Should().Be("efcdab8967452301" + "a6ff");
        Hex(new DateTimeOffset(2026, 4, 15, 12, 0, 0, TimeSpan.FromHours(2))).Should().Be(Hex(new DateTimeOffset(2026, 4, 15, 10, 0, 0, TimeSpan.Zero))[..16] + "7800");
        Hex(IPAddress.Parse("192.0.2.1")).Should().Be("c0000201");
        Hex(IPAddress.Parse("2001:db8::1")).Should().Be("20010db8000000000000000000000001");
        Hex(IPAddress.Parse("::ffff:192.0.2.1")).Should().Be("00000000000000000000ffffc0000201");
        Hex(IPAddress.Parse("fe80::1%16909060")).Should().Be("fe800000000000000000000000000001" + "04030201");
    }

    [Theory]
    [MemberData(nameof(InvalidEncodings))]
    public void Read_BytesNoValueCouldHaveWritten_ThrowsFormatException(Type type, string hex)
    {
        var read = () => Invoke(nameof(ReadAs), type, Convert.FromHexString(hex));

        read.Should().Throw<FormatException>();
    }

    [Theory]
    [MemberData(nameof(InvalidEncodings))]
    public void Decrypt_AuthenticBytesThatAreNoValueOfTheType_ThrowsDecryptionException(Type type, string hex)
    {
        // A property whose type changed since its values were written: the value authenticates but does not decode.
        using var ring = DocumentedEnvelope.VectorRing();
        var column = new EncryptedColumn(ring, GdprEncryptionAlgorithm.Aegis256, "Person", "Email");
        var envelope = column.Encrypt(Convert.FromHexString(hex), Codec<byte[]>());

        var decrypt = () => Invoke(nameof(DecryptAs), type, column, envelope);

        decrypt.Should().Throw<PersonalDataDecryptionException>()
            .Which.Message.Should().Be($"Cannot decrypt Person.Email (key id 1): the decrypted value is not a {type.Name}; was the property's type changed?");
    }

    [Fact]
    public void Encode_StringWithALoneSurrogate_Throws()
    {
        // Not theory data: a lone surrogate would not survive the test framework's serialization of it.
        using var ring = DocumentedEnvelope.VectorRing();
        var column = new EncryptedColumn(ring, GdprEncryptionAlgorithm.Aegis256, "Person", "Email");
        foreach (var value in new[] { "\uD800", "a\uDC00b", "\uDC00\uD800", "ends with a high surrogate \uD83E" })
        {
            var count = () => Codec<string>().GetByteCount(value);
            var encrypt = () => column.Encrypt(value, Codec<string>());

            count.Should().Throw<EncoderFallbackException>();
            encrypt.Should().Throw<EncoderFallbackException>();
        }
    }

    internal static object? ReadAs<T>(byte[] bytes) => Codec<T>().Read(bytes);

    internal static object? DecryptAs<T>(EncryptedColumn column, byte[] envelope) => column.Decrypt(envelope, Codec<T>());

    private static object? Invoke(string method, Type type, params object[] arguments)
        => typeof(PlaintextCodecTests).GetMethod(method, BindingFlags.Static | BindingFlags.NonPublic)!
            .MakeGenericMethod(type)
            .Invoke(null, BindingFlags.DoNotWrapExceptions, null, arguments, null);

    private static void RoundTripEnum<TEnum>(TEnum value, int size)
        where TEnum : struct, Enum
    {
        Bytes(value).Should().HaveCount(size);
        RoundTrip(value).Should().Be(value);
    }

    private static T RoundTrip<T>(T value) => Codec<T>().Read(Bytes(value));

    private static byte[] Bytes<T>(T value)
    {
        var codec = Codec<T>();
        var bytes = new byte[codec.GetByteCount(value)];
        codec.Write(value, bytes);
        return bytes;
    }

    private static string Hex<T>(T value) => Convert.ToHexString(Bytes(value)).ToLowerInvariant();

    private static PlaintextCodec<T> Codec<T>() => (PlaintextCodec<T>)PlaintextCodecs.For(typeof(T))!;
}
