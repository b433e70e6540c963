namespace MySocium.Gdpr.Export;

/// <summary>
/// Exports everything about a data subject (GDPR Art. 15 access, Art. 20 portability): every row the
/// eraser would delete or anonymize, decrypted, and the library's own records of the subject (their
/// consent decisions), as one JSON document streamed to a destination.
/// </summary>
/// <remarks>
/// The document is <c>{ "manifest": { "schemaVersion": 1, "generatedAt", "subject", "entities": [ { "name",
/// "tables", "path", "retained"?, "properties": [ { "name", "type", "personalData", "encrypted", "purpose" } ] } ] },
/// "data": { "&lt;entity&gt;": [ { row }, … ] } }</c>. Owned and complex values are nested objects;
/// rows of an inheritance hierarchy carry their type in <c>"$type"</c>, and the manifest lists the
/// entity's <c>"types"</c>. Numbers, booleans and strings are JSON natives; dates, times, durations,
/// GUIDs and IP addresses are invariant (ISO 8601) strings, binary values Base64. Rows erasure retains
/// (<c>[Erasure(Retain)]</c>) are exported with the reason in <c>"retained"</c>; rows of other people that
/// only reference the subject (which erasure detaches) are not. Blind indexes and credentials
/// (<see cref="ExcludeFromExportAttribute"/>, Identity's password hash, stamps and tokens) are left out.
/// </remarks>
public interface IPersonalDataExporter
{
    /// <summary>
    /// Writes the subject's data to <paramref name="destination"/>, entity by entity and row by row,
    /// so memory stays flat however much there is. An unknown subject gives a valid export whose
    /// entities have no rows. Query filters are ignored, so soft-deleted rows are included.
    /// </summary>
    /// <param name="subjectId">The subject's primary key.</param>
    /// <param name="destination">Receives the JSON (UTF-8); it is flushed at the end, not closed.</param>
    /// <param name="cancellationToken">Cancels the export; what was written so far is then an incomplete document.</param>
    /// <returns>A task that completes once the whole document is written.</returns>
    Task ExportAsync(object subjectId, Stream destination, CancellationToken cancellationToken = default);
}
