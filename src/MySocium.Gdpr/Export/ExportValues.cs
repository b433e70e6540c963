using System.Collections;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace MySocium.Gdpr.Export;

/// <summary>How the export writes a value: JSON natives where JSON has them, invariant ISO 8601 strings for dates and times, Base64 for bytes.</summary>
internal static class ExportValues
{
    public static void Write(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case byte[] bytes:
                json.WriteBase64StringValue(bytes);
                break;
            case Enum named:
                json.WriteStringValue(named.ToString());
                break;
            case int number:
                json.WriteNumberValue(number);
                break;
            case long number:
                json.WriteNumberValue(number);
                break;
            case short number:
                json.WriteNumberValue(number);
                break;
            case byte number:
                json.WriteNumberValue(number);
                break;
            case sbyte number:
                json.WriteNumberValue(number);
                break;
            case ushort number:
                json.WriteNumberValue(number);
                break;
            case uint number:
                json.WriteNumberValue(number);
                break;
            case ulong number:
                json.WriteNumberValue(number);
                break;
            case decimal number:
                json.WriteNumberValue(number);
                break;
            case double number when double.IsFinite(number):
                json.WriteNumberValue(number);
                break;
            case float number when float.IsFinite(number):
                json.WriteNumberValue(number);
                break;
            case Guid guid:
                json.WriteStringValue(guid);
                break;
            case DateTime dateTime:
                json.WriteStringValue(dateTime);
                break;
            case DateTimeOffset dateTimeOffset:
                json.WriteStringValue(dateTimeOffset);
                break;
            case DateOnly date:
                json.WriteStringValue(date.ToString("O", CultureInfo.InvariantCulture));
                break;
            case TimeOnly time:
                json.WriteStringValue(time.ToString("O", CultureInfo.InvariantCulture));
                break;
            case TimeSpan duration:
                json.WriteStringValue(duration.ToString("c", CultureInfo.InvariantCulture));
                break;
            case IPAddress address:
                json.WriteStringValue(address.ToString());
                break;
            case IEnumerable items:
                json.WriteStartArray();
                foreach (var item in items)
                {
                    Write(json, item);
                }

                json.WriteEndArray();
                break;
            case IFormattable formattable:
                // Non-finite doubles and floats ("NaN", "Infinity") have no JSON number and land here too.
                json.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteStringValue(value.ToString());
                break;
        }
    }

    /// <summary>A readable name of a CLR type for the manifest: <c>Int32?</c>, <c>Byte[]</c>, <c>List&lt;String&gt;</c>.</summary>
    public static string TypeName(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeName(underlying) + "?";
        }

        if (type.IsArray)
        {
            return TypeName(type.GetElementType()!) + "[]";
        }

        return type.IsGenericType
            ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>"
            : type.Name;
    }
}
