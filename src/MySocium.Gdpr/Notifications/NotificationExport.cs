using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MySocium.Gdpr.Export;

namespace MySocium.Gdpr.Notifications;

/// <summary>A section of the subject's export holding records the notification feature keeps about them by a keyed hash.</summary>
internal abstract class NotificationExport(NotificationKeys keys) : IExportSection
{
    public abstract string Name { get; }

    protected abstract string Table { get; }

    protected abstract string Purpose { get; }

    protected abstract (string Name, string Type)[] Columns { get; }

    public void WriteManifest(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("name", Name);
        json.WriteStartArray("tables");
        json.WriteStringValue(Table);
        json.WriteEndArray();
        json.WriteString("path", "notification records, by a keyed hash of the subject's id");
        json.WriteStartArray("properties");
        foreach (var (name, type) in Columns)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("type", type);
            json.WriteBoolean("personalData", true);
            json.WriteBoolean("encrypted", false);
            json.WriteString("purpose", Purpose);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public IAsyncEnumerable<object?[]> Rows(DbContext db, object subjectId)
        => Rows(db, keys.SubjectHash(subjectId));

    public void WriteRow(Utf8JsonWriter json, object?[] row)
    {
        json.WriteStartObject();
        for (var i = 0; i < Columns.Length; i++)
        {
            json.WritePropertyName(Columns[i].Name);
            ExportValues.Write(json, row[i] is DateTime time ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : row[i]);
        }

        json.WriteEndObject();
    }

    protected abstract IAsyncEnumerable<object?[]> Rows(DbContext db, string subjectHash);
}

/// <summary>The subject's opt-ins to bulk mail, with their evidence.</summary>
internal sealed class MailOptInExport(NotificationKeys keys) : NotificationExport(keys)
{
    public override string Name => "MailOptIns";

    protected override string Table => "GdprMailOptIns";

    protected override string Purpose => "Proof of the opt-in to bulk mail";

    protected override (string Name, string Type)[] Columns { get; } =
        [(nameof(GdprMailOptIn.At), "DateTimeOffset"), (nameof(GdprMailOptIn.Source), "string"), (nameof(GdprMailOptIn.Reference), "string?")];

    // Anonymous rows, not object arrays: PostgreSQL would make an array of the columns, which needs one type.
    protected override async IAsyncEnumerable<object?[]> Rows(DbContext db, string subjectHash)
    {
        var rows = db.Set<GdprMailOptIn>().AsNoTracking().Where(o => o.SubjectHash == subjectHash).OrderBy(o => o.At)
            .Select(o => new { o.At, o.Source, o.Reference }).AsAsyncEnumerable();
        await foreach (var row in rows)
        {
            yield return [row.At, row.Source, row.Reference];
        }
    }
}

/// <summary>The policy versions the subject was told about and acknowledged.</summary>
internal sealed class PolicyNoticeExport(NotificationKeys keys) : NotificationExport(keys)
{
    public override string Name => "PolicyNotices";

    protected override string Table => "GdprPolicyNotices";

    protected override string Purpose => "Proof that the subject was told of each privacy-policy version";

    protected override (string Name, string Type)[] Columns { get; } =
        [(nameof(GdprPolicyNotice.Version), "string"), (nameof(GdprPolicyNotice.NotifiedAt), "DateTimeOffset?"), (nameof(GdprPolicyNotice.AcknowledgedAt), "DateTimeOffset?")];

    protected override async IAsyncEnumerable<object?[]> Rows(DbContext db, string subjectHash)
    {
        var rows = db.Set<GdprPolicyNotice>().AsNoTracking().Where(n => n.SubjectHash == subjectHash).OrderBy(n => n.Version)
            .Select(n => new { n.Version, n.NotifiedAt, n.AcknowledgedAt }).AsAsyncEnumerable();
        await foreach (var row in rows)
        {
            yield return [row.Version, row.NotifiedAt, row.AcknowledgedAt];
        }
    }
}
