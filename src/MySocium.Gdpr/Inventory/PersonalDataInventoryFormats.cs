using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MySocium.Gdpr;

/// <summary>The inventory as JSON, a privacy-notice section (Markdown or HTML), and the record of processing (CSV).</summary>
public static class PersonalDataInventoryFormats
{
    /// <summary>Writes the inventory as JSON (camelCase; enums as names), the shape <c>GET /gdpr/inventory</c> answers with.</summary>
    /// <param name="inventory">The inventory.</param>
    /// <returns>The JSON document.</returns>
    public static string ToJson(this PersonalDataInventory inventory) => JsonSerializer.Serialize(inventory, InventoryJson.Default.PersonalDataInventory);

    /// <summary>Writes the privacy notice's "what we store" section in Markdown: per entity, each item, why, on what basis, who else gets it, and what erasure does.</summary>
    /// <param name="inventory">The inventory.</param>
    /// <returns>Markdown, headings from level 3.</returns>
    public static string ToMarkdown(this PersonalDataInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var text = new StringBuilder();
        foreach (var table in Notice(inventory))
        {
            text.Append(CultureInfo.InvariantCulture, $"### {table.Heading}\n\n| {string.Join(" | ", table.Columns)} |\n|{string.Concat(table.Columns.Select(_ => "---|"))}\n");
            foreach (var row in table.Rows)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {string.Join(" | ", row.Select(Cell))} |\n");
            }

            if (table.Footer is { } footer)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n{Cell(footer)}\n\n");
            }
        }

        return text.ToString();
    }

    /// <summary>Writes the same section as HTML, every value encoded.</summary>
    /// <param name="inventory">The inventory.</param>
    /// <returns>An HTML fragment, headings from level 3.</returns>
    public static string ToHtml(this PersonalDataInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var html = new StringBuilder("<section class=\"gdpr-inventory\">");
        foreach (var table in Notice(inventory))
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{E(table.Heading)}</h3><table><thead><tr>{string.Concat(table.Columns.Select(c => $"<th>{E(c)}</th>"))}</tr></thead><tbody>");
            foreach (var row in table.Rows)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr>{string.Concat(row.Select(v => $"<td>{E(v)}</td>"))}</tr>");
            }

            html.Append("</tbody></table>");
            if (table.Footer is { } footer)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>{E(footer)}</p>");
            }
        }

        return html.Append("</section>").ToString();
    }

    /// <summary>What the notice says, as tables: the Markdown and HTML writers only lay it out.</summary>
    private static IEnumerable<NoticeTable> Notice(PersonalDataInventory inventory)
    {
        foreach (var entity in inventory.Entities)
        {
            yield return new NoticeTable(
                entity.Name,
                ["data", "why", "legal basis", "shared with", "protection"],
                [.. entity.Properties.Select(p => new[] { p.Name, p.Purpose ?? "not stated", Basis(p.LegalBasis), Recipients(p), Protection(p) })],
                $"Kept: {entity.Retention ?? "until you delete your account"}. When you delete your account: {entity.Erasure}.");
        }

        yield return new NoticeTable("Cookies", ["cookie", "category", "why"], [.. inventory.Cookies.Select(c => new[] { c.Name, c.Category, c.Purpose ?? "not stated" })], null);
    }

    /// <summary>
    /// Writes the record of processing activities (GDPR Art. 30(1)) as CSV (RFC 4180): one line per
    /// item of personal data with its entity, category, purpose, legal basis, recipients, protection and
    /// erasure, then the library's own stores.
    /// </summary>
    /// <param name="inventory">The inventory.</param>
    /// <returns>CSV with a header line.</returns>
    public static string ToRecordOfProcessingCsv(this PersonalDataInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var csv = new StringBuilder("entity,data,category,purpose,legal basis,recipients,encrypted,searchable,retention,erasure\r\n");
        foreach (var entity in inventory.Entities)
        {
            foreach (var property in entity.Properties)
            {
                Line(csv, entity.Name, property.Name, property.Category.ToString(), property.Purpose ?? "", property.LegalBasis.ToString(), string.Join("; ", property.Recipients),
                    property.Encrypted ? "yes" : "no", property.Searchable ? "yes" : "no", entity.Retention ?? "until erasure", entity.Erasure);
            }
        }

        foreach (var store in inventory.LibraryStores)
        {
            Line(csv, store.Table, store.Holds, "", store.Purpose, "", "", "", "", "", "");
        }

        return csv.ToString();
    }

    private static void Line(StringBuilder csv, params string[] fields)
        => csv.AppendJoin(',', fields.Select(f => f.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{f.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : f)).Append("\r\n");

    private static string Basis(LegalBasis basis) => basis switch
    {
        LegalBasis.Unspecified => "not stated",
        LegalBasis.LegalObligation => "legal obligation",
        LegalBasis.VitalInterests => "vital interests",
        LegalBasis.PublicTask => "public task",
        LegalBasis.LegitimateInterests => "legitimate interests",
        _ => basis.ToString().ToLowerInvariant(),
    };

    private static string Recipients(InventoryProperty property) => property.Recipients.Count == 0 ? "nobody" : string.Join(", ", property.Recipients);

    private static string Protection(InventoryProperty property)
        => property.Encrypted ? property.Searchable ? "encrypted, found by a keyed hash" : "encrypted" : "stored as is";

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string E(string value) => WebUtility.HtmlEncode(value);
}

/// <summary>One table of the privacy notice: a heading, its columns and rows, and a sentence after it.</summary>
internal sealed record NoticeTable(string Heading, string[] Columns, string[][] Rows, string? Footer);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, WriteIndented = true)]
[JsonSerializable(typeof(PersonalDataInventory))]
internal sealed partial class InventoryJson : JsonSerializerContext;
