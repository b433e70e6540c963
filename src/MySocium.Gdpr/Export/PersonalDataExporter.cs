using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MySocium.Gdpr.EntityFrameworkCore;
using MySocium.Gdpr.Erasure;

namespace MySocium.Gdpr.Export;

internal sealed class PersonalDataExporter(IServiceProvider services, ErasurePlans plans, TimeProvider time, ILogger<PersonalDataExporter> logger) : IPersonalDataExporter
{
    /// <summary>The JSON written between two writes to the destination: rows go out as they are read, in chunks of about this size.</summary>
    internal const int ChunkSize = 16 * 1024;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,

        // People read their export, so "Ada's" and "Zoë" stay as they are. The document is a download, never
        // embedded in HTML or script, which is what the default encoder's extra escaping protects.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task ExportAsync(object subjectId, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        ArgumentNullException.ThrowIfNull(destination);

        await using var scope = services.CreateAsyncScope();
        var db = GdprStore.Resolve(services, scope.ServiceProvider);
        var plan = plans.For(db.Model);
        var id = ErasurePlans.SubjectId(plan, subjectId);
        var layout = ExportLayout.For(plan);
        IReadOnlyList<IExportSection> sections = [.. layout.Entities, .. services.GetServices<IExportSection>()];

        // One attempt whatever the context's strategy: what reached the destination cannot be taken back
        // for a retry, and under a retrying strategy EF would read each table into memory before the first row.
        var rows = await new SingleAttempt(db).ExecuteAsync(ct => WriteAsync(db, layout.Subject, sections, id, destination, ct), cancellationToken);
        Log.SubjectExported(logger, layout.Subject, rows, sections.Count);
    }

    private async Task<long> WriteAsync(
        DbContext db, string subject, IReadOnlyList<IExportSection> sections, object id, Stream destination, CancellationToken cancellationToken)
    {
        // The writer fills a reused buffer that is copied out in chunks, rather than writing to the stream itself,
        // whose disposal would flush synchronously (which an ASP.NET Core response body refuses).
        var buffer = new ArrayBufferWriter<byte>(ChunkSize * 2);
        using var json = new Utf8JsonWriter(buffer, Options);
        json.WriteStartObject();
        WriteManifest(json, subject, sections);
        json.WriteStartObject("data");
        var rows = 0L;
        foreach (var entity in sections)
        {
            json.WriteStartArray(entity.Name);
            await foreach (var row in entity.Rows(db, id).WithCancellation(cancellationToken))
            {
                entity.WriteRow(json, row);
                rows++;
                if (json.BytesPending + buffer.WrittenCount >= ChunkSize)
                {
                    await WriteChunkAsync(json, buffer, destination, cancellationToken);
                }
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await WriteChunkAsync(json, buffer, destination, cancellationToken);
        await destination.FlushAsync(cancellationToken);
        return rows;
    }

    private void WriteManifest(Utf8JsonWriter json, string subject, IReadOnlyList<IExportSection> sections)
    {
        json.WriteStartObject("manifest");
        json.WriteNumber("schemaVersion", 1);
        json.WriteString("generatedAt", time.GetUtcNow());
        json.WriteString("subject", subject);
        json.WriteStartArray("entities");
        foreach (var entity in sections)
        {
            entity.WriteManifest(json);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static async ValueTask WriteChunkAsync(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, Stream destination, CancellationToken cancellationToken)
    {
        json.Flush();
        await destination.WriteAsync(buffer.WrittenMemory, cancellationToken);
        buffer.ResetWrittenCount();
    }

    /// <summary>An execution strategy that never retries, so EF streams the rows of the queries run under it.</summary>
    private sealed class SingleAttempt(DbContext db) : ExecutionStrategy(db, maxRetryCount: 0, maxRetryDelay: TimeSpan.Zero)
    {
        protected override bool ShouldRetryOn(Exception exception) => false;
    }
}
