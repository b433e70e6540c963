using System.Collections;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MySocium.Gdpr.Export;

/// <summary>The members written for one CLR type: its columns, then its owned and complex values as nested objects.</summary>
internal sealed class ExportShape(string typeName, IReadOnlyList<ExportColumn> columns, IReadOnlyList<ExportNested> nested)
{
    public string TypeName { get; } = typeName;

    /// <summary>Writes the members of <paramref name="instance"/>; shadow values come from the row read alongside it.</summary>
    public void WriteMembers(Utf8JsonWriter json, object instance, object?[] row)
    {
        foreach (var column in columns)
        {
            json.WritePropertyName(column.Name);
            ExportValues.Write(json, column.Getter is { } getter ? getter.GetClrValue(instance) : row[column.Shadow]);
        }

        foreach (var member in nested)
        {
            json.WritePropertyName(member.Name);
            var value = member.Getter.GetClrValue(instance);
            if (value is null)
            {
                json.WriteNullValue();
            }
            else if (member.IsCollection)
            {
                json.WriteStartArray();
                foreach (var item in (IEnumerable)value)
                {
                    WriteObject(json, member.Shape, item, row);
                }

                json.WriteEndArray();
            }
            else
            {
                WriteObject(json, member.Shape, value, row);
            }
        }
    }

    private static void WriteObject(Utf8JsonWriter json, ExportShape shape, object instance, object?[] row)
    {
        json.WriteStartObject();
        shape.WriteMembers(json, instance, row);
        json.WriteEndObject();
    }
}

/// <summary>A column: read from the object through <see cref="Getter"/>, or, for a shadow property, from the row's value at <see cref="Shadow"/>.</summary>
internal sealed record ExportColumn(JsonEncodedText Name, IClrPropertyGetter? Getter, int Shadow);

/// <summary>An owned or complex value, written as a nested object (or an array of them).</summary>
internal sealed record ExportNested(JsonEncodedText Name, IClrPropertyGetter Getter, bool IsCollection, ExportShape Shape);

/// <summary>How the manifest describes one property.</summary>
internal sealed record ExportDescription(string Name, string Type, bool PersonalData, bool Encrypted, string? Purpose, IReadOnlyList<ExportDescription>? Properties)
{
    public static void WriteAll(Utf8JsonWriter json, IReadOnlyList<ExportDescription> descriptions)
    {
        json.WriteStartArray("properties");
        foreach (var description in descriptions)
        {
            json.WriteStartObject();
            json.WriteString("name", description.Name);
            json.WriteString("type", description.Type);
            json.WriteBoolean("personalData", description.PersonalData);
            json.WriteBoolean("encrypted", description.Encrypted);
            json.WriteString("purpose", description.Purpose);
            if (description.Properties is { } nested)
            {
                WriteAll(json, nested);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
