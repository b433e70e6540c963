using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Export;

namespace MySocium.Gdpr.Tests.Export;

/// <summary>
/// An export read back: its manifest, its rows per entity, and every string in its data. Provider-neutral:
/// the SQLite, PostgreSQL and sample tests share it.
/// </summary>
public sealed class ExportDocument : IDisposable
{
    private readonly JsonDocument _json;

    private ExportDocument(JsonDocument json)
    {
        _json = json;
        Strings = [.. StringsIn(Data)];
    }

    public JsonElement Manifest => _json.RootElement.GetProperty("manifest");

    /// <summary>Gets the manifest's entities, in the order of the data.</summary>
    public IReadOnlyList<JsonElement> Entities => [.. Manifest.GetProperty("entities").EnumerateArray()];

    /// <summary>Gets every string value in the data, at any depth: what a reader of the export sees.</summary>
    public IReadOnlyList<string> Strings { get; }

    private JsonElement Data => _json.RootElement.GetProperty("data");

    /// <summary>Exports <paramref name="subjectId"/> through the container's <see cref="IPersonalDataExporter"/>.</summary>
    public static async Task<ExportDocument> ExportAsync(IServiceProvider services, object subjectId)
    {
        using var destination = new MemoryStream();
        await services.GetRequiredService<IPersonalDataExporter>().ExportAsync(subjectId, destination);
        return Parse(destination.ToArray());
    }

    public static ExportDocument Parse(byte[] utf8Json) => new(JsonDocument.Parse(utf8Json));

    public IReadOnlyList<JsonElement> Rows(string entity) => [.. Data.GetProperty(entity).EnumerateArray()];

    public void Dispose() => _json.Dispose();

    private static IEnumerable<string> StringsIn(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => StringsIn(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(StringsIn),
        _ => [],
    };
}
