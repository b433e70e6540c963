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
        foreach (var entity in inventory.Entities)
        {
            text.Append(CultureInfo.InvariantCulture, $"### {entity.Name}\n\n| data | why | legal basis | shared with | protection |\n|---|---|---|---|---|\n");
            foreach (var property in entity.Properties)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {Cell(property.Name)} | {Cell(property.Purpose ?? "not stated")} | {Basis(property.LegalBasis)} | {Cell(Recipients(property))} | {Protection(property)} |\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"\nKept: {Cell(entity.Retention ?? "until you delete your account")}. When you delete your account: {Cell(entity.Erasure)}.\n\n");
        }

        text.Append("### Cookies\n\n| cookie | category | why |\n|---|---|---|\n");
        foreach (var cookie in inventory.Cookies)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {Cell(cookie.Name)} | {cookie.Category} | {Cell(cookie.Purpose ?? "not stated")} |\n");
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
        foreach (var entity in inventory.Entities)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{E(entity.Name)}</h3><table><thead><tr><th>data</th><th>why</th><th>legal basis</th><th>shared with</th><th>protection</th></tr></thead><tbody>");
            foreach (var property in entity.Properties)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(property.Name)}</td><td>{E(property.Purpose ?? "not stated")}</td><td>{E(Basis(property.LegalBasis))}</td><td>{E(Recipients(property))}</td><td>{E(Protection(property))}</td></tr>");
            }

            html.Append(CultureInfo.InvariantCulture, $"</tbody></table><p>Kept: {E(entity.Retention ?? "until you delete your account")}. When you delete your account: {E(entity.Erasure)}.</p>");
        }

        html.Append("<h3>Cookies</h3><table><thead><tr><th>cookie</th><th>category</th><th>why</th></tr></thead><tbody>");
        foreach (var cookie in inventory.Cookies)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(cookie.Name)}</td><td>{E(cookie.Category)}</td><td>{E(cookie.Purpose ?? "not stated")}</td></tr>");
        }

        return html.Append("</tbody></table></section>").ToString();
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

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, WriteIndented = true)]
[JsonSerializable(typeof(PersonalDataInventory))]
internal sealed partial class InventoryJson : JsonSerializerContext;
