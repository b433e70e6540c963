using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace MySocium.Gdpr.Encryption;

/// <summary>The canonical encodings of every type an encrypted property may have (docs/envelope.md).</summary>
internal static class PlaintextCodecs
{
    /// <summary>Strict UTF-8: a string with a lone surrogate fails instead of being silently altered.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Gets the codec for a property type (nullable forms use their underlying type's codec).</summary>
    /// <returns>A <c>PlaintextCodec&lt;T&gt;</c>, or <see langword="null"/> when the type cannot be encrypted.</returns>
    public static object? For(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            var underlying = For(Enum.GetUnderlyingType(type))!;
            return Activator.CreateInstance(typeof(EnumCodec<,>).MakeGenericType(type, Enum.GetUnderlyingType(type)), underlying);
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String => new StringCodec(),
            TypeCode.Boolean => new Fixed<bool>(1, static (v, d) => d[0] = v ? (byte)1 : (byte)0, static s => s[0] switch
            {
                0 => false,
                1 => true,
                _ => throw new FormatException("A Boolean is stored as 0 or 1."),
            }),
            TypeCode.Byte => new Fixed<byte>(1, static (v, d) => d[0] = v, static s => s[0]),
            TypeCode.SByte => new Fixed<sbyte>(1, static (v, d) => d[0] = unchecked((byte)v), static s => unchecked((sbyte)s[0])),
            TypeCode.Int16 => new Fixed<short>(2, static (v, d) => BinaryPrimitives.WriteInt16LittleEndian(d, v), BinaryPrimitives.ReadInt16LittleEndian),
            TypeCode.UInt16 => new Fixed<ushort>(2, static (v, d) => BinaryPrimitives.WriteUInt16LittleEndian(d, v), BinaryPrimitives.ReadUInt16LittleEndian),
            TypeCode.Char => new Fixed<char>(2, static (v, d) => BinaryPrimitives.WriteUInt16LittleEndian(d, v), static s => (char)BinaryPrimitives.ReadUInt16LittleEndian(s)),
            TypeCode.Int32 => new Fixed<int>(4, static (v, d) => BinaryPrimitives.WriteInt32LittleEndian(d, v), BinaryPrimitives.ReadInt32LittleEndian),
            TypeCode.UInt32 => new Fixed<uint>(4, static (v, d) => BinaryPrimitives.WriteUInt32LittleEndian(d, v), BinaryPrimitives.ReadUInt32LittleEndian),
            TypeCode.Int64 => new Fixed<long>(8, static (v, d) => BinaryPrimitives.WriteInt64LittleEndian(d, v), BinaryPrimitives.ReadInt64LittleEndian),
            TypeCode.UInt64 => new Fixed<ulong>(8, static (v, d) => BinaryPrimitives.WriteUInt64LittleEndian(d, v), BinaryPrimitives.ReadUInt64LittleEndian),
            TypeCode.Single => new Fixed<float>(4, static (v, d) => BinaryPrimitives.WriteSingleLittleEndian(d, v), BinaryPrimitives.ReadSingleLittleEndian),
            TypeCode.Double => new Fixed<double>(8, static (v, d) => BinaryPrimitives.WriteDoubleLittleEndian(d, v), BinaryPrimitives.ReadDoubleLittleEndian),
            TypeCode.Decimal => new Fixed<decimal>(16, WriteDecimal, ReadDecimal),
            TypeCode.DateTime => new Fixed<DateTime>(9, WriteDateTime, ReadDateTime),
            _ => ForStruct(type),
        };
    }

    private static object? ForStruct(Type type)
    {
        if (type == typeof(byte[]))
        {
            return new BytesCodec();
        }

        if (type == typeof(Guid))
        {
            return new Fixed<Guid>(16, static (v, d) => v.TryWriteBytes(d, bigEndian: true, out _), static s => new Guid(s, bigEndian: true));
        }

        if (type == typeof(DateOnly))
        {
            return new Fixed<DateOnly>(4, static (v, d) => BinaryPrimitives.WriteInt32LittleEndian(d, v.DayNumber), static s => DateOnly.FromDayNumber(BinaryPrimitives.ReadInt32LittleEndian(s)));
        }

        if (type == typeof(TimeOnly))
        {
            return new Fixed<TimeOnly>(8, static (v, d) => BinaryPrimitives.WriteInt64LittleEndian(d, v.Ticks), static s => new TimeOnly(BinaryPrimitives.ReadInt64LittleEndian(s)));
        }

        if (type == typeof(TimeSpan))
        {
            return new Fixed<TimeSpan>(8, static (v, d) => BinaryPrimitives.WriteInt64LittleEndian(d, v.Ticks), static s => new TimeSpan(BinaryPrimitives.ReadInt64LittleEndian(s)));
        }

        if (type == typeof(DateTimeOffset))
        {
            return new Fixed<DateTimeOffset>(10, WriteDateTimeOffset, ReadDateTimeOffset);
        }

        return type == typeof(IPAddress) ? new IPAddressCodec() : null;
    }

    private static void WriteDecimal(decimal value, Span<byte> destination)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(destination[(i * 4)..], bits[i]);
        }
    }

    private static decimal ReadDecimal(ReadOnlySpan<byte> source)
    {
        Span<int> bits = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            bits[i] = BinaryPrimitives.ReadInt32LittleEndian(source[(i * 4)..]);
        }

        return new decimal(bits);
    }

    private static void WriteDateTime(DateTime value, Span<byte> destination)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, value.Ticks);
        destination[8] = (byte)value.Kind;
    }

    private static DateTime ReadDateTime(ReadOnlySpan<byte> source)
    {
        var ticks = BinaryPrimitives.ReadInt64LittleEndian(source);
        var kind = source[8];
        if (kind > (byte)DateTimeKind.Local || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            throw new FormatException("The bytes are not a DateTime.");
        }

        return new DateTime(ticks, (DateTimeKind)kind);
    }

    private static void WriteDateTimeOffset(DateTimeOffset value, Span<byte> destination)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, value.UtcTicks);
        BinaryPrimitives.WriteInt16LittleEndian(destination[8..], (short)value.TotalOffsetMinutes);
    }

    private static DateTimeOffset ReadDateTimeOffset(ReadOnlySpan<byte> source)
    {
        var utcTicks = BinaryPrimitives.ReadInt64LittleEndian(source);
        var offset = TimeSpan.FromMinutes(BinaryPrimitives.ReadInt16LittleEndian(source[8..]));
        return new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(offset);
    }

    private sealed class Fixed<T>(int size, Fixed<T>.Writer write, Fixed<T>.Reader read) : PlaintextCodec<T>
    {
        public delegate void Writer(T value, Span<byte> destination);

        public delegate T Reader(ReadOnlySpan<byte> source);

        public override int GetByteCount(T value) => size;

        public override void Write(T value, Span<byte> destination) => write(value, destination);

        public override T Read(ReadOnlySpan<byte> source)
        {
            if (source.Length != size)
            {
                throw new FormatException($"A {typeof(T).Name} is stored in {size} bytes, not {source.Length}.");
            }

            try
            {
                return read(source);
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"The bytes are not a {typeof(T).Name}.", e);
            }
        }
    }

    private sealed class StringCodec : PlaintextCodec<string>
    {
        public override int GetByteCount(string value) => StrictUtf8.GetByteCount(value);

        public override void Write(string value, Span<byte> destination) => StrictUtf8.GetBytes(value, destination);

        public override string Read(ReadOnlySpan<byte> source)
        {
            try
            {
                return StrictUtf8.GetString(source);
            }
            catch (DecoderFallbackException e)
            {
                throw new FormatException("The bytes are not UTF-8.", e);
            }
        }
    }

    private sealed class BytesCodec : PlaintextCodec<byte[]>
    {
        public override int GetByteCount(byte[] value) => value.Length;

        public override void Write(byte[] value, Span<byte> destination) => value.CopyTo(destination);

        public override byte[] Read(ReadOnlySpan<byte> source) => source.ToArray();
    }

    /// <summary>IPv4 in 4 bytes, IPv6 in 16, IPv6 with a scope id in 20 (the scope id last, little-endian).</summary>
    private sealed class IPAddressCodec : PlaintextCodec<IPAddress>
    {
        public override int GetByteCount(IPAddress value)
            => value.AddressFamily == AddressFamily.InterNetwork ? 4 : value.ScopeId == 0 ? 16 : 20;

        public override void Write(IPAddress value, Span<byte> destination)
        {
            value.TryWriteBytes(destination, out var written);
            if (destination.Length == 20)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(destination[written..], (uint)value.ScopeId);
            }
        }

        public override IPAddress Read(ReadOnlySpan<byte> source) => source.Length switch
        {
            4 or 16 => new IPAddress(source),
            20 when BinaryPrimitives.ReadUInt32LittleEndian(source[16..]) != 0 => new IPAddress(source[..16].ToArray(), BinaryPrimitives.ReadUInt32LittleEndian(source[16..])),
            _ => throw new FormatException($"An IPAddress is stored in 4 bytes, 16, or 20 with a non-zero scope id; not {source.Length} bytes like these."),
        };
    }

    private sealed class EnumCodec<TEnum, TUnderlying>(PlaintextCodec<TUnderlying> underlying) : PlaintextCodec<TEnum>
        where TEnum : struct, Enum
        where TUnderlying : struct
    {
        public override int GetByteCount(TEnum value) => underlying.GetByteCount(Unsafe.BitCast<TEnum, TUnderlying>(value));

        public override void Write(TEnum value, Span<byte> destination) => underlying.Write(Unsafe.BitCast<TEnum, TUnderlying>(value), destination);

        public override TEnum Read(ReadOnlySpan<byte> source) => Unsafe.BitCast<TUnderlying, TEnum>(underlying.Read(source));
    }
}
