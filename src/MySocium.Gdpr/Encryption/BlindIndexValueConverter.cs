using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MySocium.Gdpr.Encryption;

/// <summary>
/// The one-way converter of a blind-index shadow property. Its model type is the searchable
/// property's own type, so EF converts query parameters compared with it into indexes. An index
/// cannot be turned back into a value: reading it yields the default, which is never written back.
/// </summary>
internal static class BlindIndexValueConverter
{
    public static ValueConverter Create(Type modelType, BlindIndexColumn column, Func<string, string>? normalize)
    {
        var codec = PlaintextCodecs.For(modelType)!;
        return modelType == typeof(string)
            ? new OfString(column, (PlaintextCodec<string>)codec, normalize ?? (static v => v))
            : (ValueConverter)Activator.CreateInstance(typeof(Of<>).MakeGenericType(modelType), column, codec)!;
    }

    private sealed class OfString(BlindIndexColumn column, PlaintextCodec<string> codec, Func<string, string> normalize)
        : ValueConverter<string, byte[]>(value => column.Compute(normalize(value), codec), index => null!);

    private sealed class Of<T>(BlindIndexColumn column, PlaintextCodec<T> codec)
        : ValueConverter<T, byte[]>(value => column.Compute(value, codec), index => default!);
}
