using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace MySocium.Gdpr.Export;

/// <summary>
/// One named array of an export's <c>data</c> and its manifest entry: an entity of the erasure plan, or
/// a record the library keeps about the subject outside the host's entities (its consent ledger).
/// Features register theirs as services.
/// </summary>
internal interface IExportSection
{
    /// <summary>Gets the section's key in <c>data</c>.</summary>
    string Name { get; }

    /// <summary>Writes the section's manifest entry: name, tables, how its rows are the subject's, and its properties.</summary>
    void WriteManifest(Utf8JsonWriter json);

    /// <summary>The subject's rows, as they stream from the store context.</summary>
    IAsyncEnumerable<object?[]> Rows(DbContext db, object subjectId);

    /// <summary>Writes one row read by <see cref="Rows"/>.</summary>
    void WriteRow(Utf8JsonWriter json, object?[] row);
}
