namespace MySocium.Gdpr.Sample.Api;

/// <summary>Tells the JSON API's requests from the pages' ones, which fail differently (status code vs. redirect).</summary>
internal static class ApiPaths
{
    public const string Prefix = "/api";

    public static bool IsApiRequest(this HttpRequest request) => request.Path.StartsWithSegments(Prefix);
}
