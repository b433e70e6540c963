using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Consent;

/// <summary>
/// <c>GET</c>/<c>POST {prefix}/consent</c>, the banner's script, and <c>/.well-known/gpc.json</c>.
/// The POST takes JSON only, which a cross-site form cannot send, and refuses requests the browser
/// marks cross-site, so another site cannot decide for the visitor.
/// </summary>
internal static class ConsentEndpoints
{
    public const string ScriptResource = "MySocium.Gdpr.consent.js";

    private static readonly byte[] Script = ReadScript();

    public static void Map(IEndpointRouteBuilder root, RouteGroupBuilder group)
    {
        group.MapGet("/consent", GetState).ExcludeFromDescription();
        group.MapPost("/consent", SetAsync).RequireSameOrigin().ExcludeFromDescription();
        group.MapGet("/consent.js", GetScript).ExcludeFromDescription();
        root.MapGet("/.well-known/gpc.json", () => Results.Text("{\"gpc\":true}", "application/json")).ExcludeFromDescription();
    }

    private static IResult GetState(HttpContext context, IOptions<GdprOptions> options, ConsentCategoryTable table)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(ConsentState.Of(context.GetConsent(), options.Value.Consent, table), ConsentJson.Default.ConsentState);
    }

    private static async Task<IResult> SetAsync(HttpContext context, IOptions<GdprOptions> options, ConsentCategoryTable table)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (!context.Request.HasJsonContentType())
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, detail: "Send the decision as application/json.");
        }

        ConsentRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync(ConsentJson.Default.ConsentRequest, context.RequestAborted);
        }
        catch (JsonException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, detail: "The body is not a consent decision: send {\"categories\": [\"analytics\"]}.");
        }

        if (request?.Categories is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["categories"] = ["List the optional categories to grant; an empty list refuses them all."] });
        }

        var method = ConsentMethod.Api;
        if (request.Method is not null
            && (!Enum.TryParse(request.Method, ignoreCase: true, out method) || method is ConsentMethod.GlobalPrivacyControl || !Enum.IsDefined(method)))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["method"] = ["The method is api, banner or settingsPage."] });
        }

        try
        {
            await context.SetConsentAsync(request.Categories, method, context.RequestAborted);
        }
        catch (ArgumentException)
        {
            // Named, never quoted: the input may be of any length.
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["categories"] = [$"A listed name is not a consent category; the categories are {string.Join(", ", table.Names)}."] });
        }

        return Results.Json(ConsentState.Of(context.GetConsent(), options.Value.Consent, table), ConsentJson.Default.ConsentState);
    }

    private static IResult GetScript(HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Bytes(Script, "text/javascript; charset=utf-8");
    }

    private static byte[] ReadScript()
    {
        using var stream = typeof(ConsentEndpoints).Assembly.GetManifestResourceStream(ScriptResource)
            ?? throw new InvalidOperationException($"The resource {ScriptResource} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
