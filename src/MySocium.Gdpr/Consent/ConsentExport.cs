using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MySocium.Gdpr.Export;

namespace MySocium.Gdpr.Consent;

/// <summary>The subject's consent records in their export: every decision they made while signed in, oldest first.</summary>
internal sealed class ConsentExport(ConsentService consent) : IExportSection
{
    private static readonly string[] Columns =
        [nameof(GdprConsentRecord.At), nameof(GdprConsentRecord.ConsentId), nameof(GdprConsentRecord.Granted), nameof(GdprConsentRecord.Refused),
         nameof(GdprConsentRecord.Withdrawn), nameof(GdprConsentRecord.PolicyVersion), nameof(GdprConsentRecord.Method), nameof(GdprConsentRecord.IpAddress)];

    public string Name => "ConsentRecords";

    public void WriteManifest(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("name", Name);
        json.WriteStartArray("tables");
        json.WriteStringValue("GdprConsentRecords");
        json.WriteEndArray();
        json.WriteString("path", "consent ledger, by a keyed hash of the subject's id");
        json.WriteStartArray("properties");
        foreach (var column in Columns)
        {
            json.WriteStartObject();
            json.WriteString("name", column);
            json.WriteString("type", column switch
            {
                nameof(GdprConsentRecord.At) => "DateTimeOffset",
                nameof(GdprConsentRecord.ConsentId) => "Guid",
                nameof(GdprConsentRecord.IpAddress) => "string?",
                _ => "string",
            });
            json.WriteBoolean("personalData", true);
            json.WriteBoolean("encrypted", false);
            json.WriteString("purpose", "Proof of consent to cookies (GDPR Art. 7(1))");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public IAsyncEnumerable<object?[]> Rows(DbContext db, object subjectId)
    {
        var hash = consent.SubjectHash(Convert.ToString(subjectId, CultureInfo.InvariantCulture)!);
        return db.Set<GdprConsentRecord>().AsNoTracking()
            .Where(r => r.SubjectHash == hash)
            .OrderBy(r => r.Sequence)
            .Select(r => new object?[] { r.At, r.ConsentId, r.Granted, r.Refused, r.Withdrawn, r.PolicyVersion, r.Method, r.IpAddress })
            .AsAsyncEnumerable();
    }

    public void WriteRow(Utf8JsonWriter json, object?[] row)
    {
        json.WriteStartObject();
        for (var i = 0; i < Columns.Length; i++)
        {
            json.WritePropertyName(Columns[i]);
            ExportValues.Write(json, row[i]);
        }

        json.WriteEndObject();
    }
}
