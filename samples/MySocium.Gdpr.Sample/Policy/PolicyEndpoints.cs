using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MySocium.Gdpr.Notifications;
using MySocium.Gdpr.Sample.Account;
using MySocium.Gdpr.Sample.Api;

namespace MySocium.Gdpr.Sample.Policy;

/// <summary>
/// The privacy policy's versions: <c>GET /api/policy/versions</c> lists them with the current one,
/// <c>POST</c> publishes one, which the consent banner asks about from its effective date and every
/// user is told of by mail.
/// </summary>
/// <remarks>
/// Publishing mails every user, so only the accounts whose ids are listed under <see cref="PublishersKey"/>
/// may do it; nobody may until the host lists someone. Ids, not user names: a listed name that nobody holds
/// yet, or that erasure freed, could be registered by anyone.
/// </remarks>
public static class PolicyEndpoints
{
    /// <summary>The key listing the account ids that may publish a version, for example <c>["0190f3a2-…"]</c>; the policy page shows the signed-in account's id.</summary>
    public const string PublishersKey = "Sample:PolicyPublishers";

    /// <summary>The authorization policy of publishing: a signed-in user listed under <see cref="PublishersKey"/>.</summary>
    public const string PublishPolicy = "PolicyPublisher";

    /// <summary>Adds the <see cref="PublishPolicy"/> authorization policy.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The application's configuration; read at each request, so late overrides count.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddPolicyPublishing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthorizationBuilder().AddPolicy(PublishPolicy, policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(context => AccountClaims.TryGetUserId(context.User, out var account)
                && (configuration.GetSection(PublishersKey).Get<string[]>() ?? []).Any(listed => Guid.TryParse(listed, out var id) && id == account)));
        return services;
    }

    /// <summary>Maps the policy endpoints: listing needs a signed-in user, publishing the <see cref="PublishPolicy"/>.</summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <returns>The same endpoints.</returns>
    public static IEndpointRouteBuilder MapPolicyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var versions = endpoints.MapGroup(ApiPaths.Prefix + "/policy/versions").RequireAuthorization().RequireSameOrigin();
        versions.MapGet("", ListAsync);
        versions.MapPost("", PublishAsync).RequireAuthorization(PublishPolicy);
        return endpoints;
    }

    private static async Task<Ok<PolicyVersionsResponse>> ListAsync(IGdprPolicyVersions policies, CancellationToken cancellationToken)
        => TypedResults.Ok(new PolicyVersionsResponse(policies.Current?.Version, await policies.ListAsync(cancellationToken)));

    private static async Task<Results<Created<GdprPolicyVersionInfo>, ValidationProblem>> PublishAsync(
        [FromBody] PublishPolicyRequest request,
        IGdprPolicyVersions policies,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var version = request.Version?.Trim();
        if (errors.Require("version", version, "a version, such as 2026-12-01") && version.Length > 64)
        {
            errors.Add("version", "A version has at most 64 characters.");
        }

        errors.Require("summary", request.Summary?.Trim(), "a summary of what changed");
        errors.Require("text", request.Text, "the policy's text");
        DateTimeOffset effectiveAt = timeProvider.GetUtcNow();
        if (!string.IsNullOrWhiteSpace(request.EffectiveAt)
            && !DateTimeOffset.TryParse(request.EffectiveAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out effectiveAt))
        {
            errors.Add("effectiveAt", "The effective date is a date such as 2026-12-01, or empty for now.");
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.Errors);
        }

        try
        {
            var published = await policies.PublishAsync(version!, request.Text!, request.Summary!, effectiveAt, cancellationToken);
            return TypedResults.Created((string?)null, published);
        }
        catch (InvalidOperationException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["version"] = [e.Message] });
        }
    }
}

/// <summary>The body of <c>POST /api/policy/versions</c>.</summary>
/// <param name="Version">The version's name, such as <c>2026-12-01</c>.</param>
/// <param name="Summary">What changed, for the notice mail.</param>
/// <param name="Text">The policy's full text (only its hash is stored).</param>
/// <param name="EffectiveAt">When it takes effect (a date or time, UTC unless given); now when empty.</param>
public sealed record PublishPolicyRequest(string? Version, string? Summary, string? Text, string? EffectiveAt);

/// <summary>The answer of <c>GET /api/policy/versions</c>.</summary>
/// <param name="Current">The version in effect, or null before any is published (the configured <c>Gdpr:Consent:PolicyVersion</c> applies).</param>
/// <param name="Versions">Every published version, oldest first.</param>
public sealed record PolicyVersionsResponse(string? Current, IReadOnlyList<GdprPolicyVersionInfo> Versions);
