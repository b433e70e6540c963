using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MySocium.Gdpr.Sample.Account;
using MySocium.Gdpr.Sample.Api;
using MySocium.Gdpr.Sample.Data;

namespace MySocium.Gdpr.Sample.Posts;

/// <summary>The signed-in user's own posts: <c>GET</c> and <c>POST /api/posts</c>.</summary>
public static class PostEndpoints
{
    /// <summary>Maps the post endpoints; every one needs a signed-in user.</summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <returns>The same endpoints.</returns>
    public static IEndpointRouteBuilder MapPostEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var posts = endpoints.MapGroup(ApiPaths.Prefix + "/posts").RequireAuthorization().RequireSameOrigin();
        posts.MapGet("", ListAsync);
        posts.MapPost("", CreateAsync);
        return endpoints;
    }

    private static async Task<Ok<List<PostResponse>>> ListAsync(ClaimsPrincipal user, AppDbContext db, CancellationToken cancellationToken)
    {
        var userId = AccountClaims.GetUserId(user);
        var posts = await db.Posts
            .Where(p => p.UserId == userId)
            .OrderByDescending(p => p.CreatedAt)
            .Select(p => PostResponse.From(p))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(posts);
    }

    private static async Task<Results<Created<PostResponse>, ValidationProblem>> CreateAsync(
        [FromBody] CreatePostRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var text = request.Text?.Trim();
        var errors = new ValidationErrors();
        if (errors.Require("text", text, "some text to post") && text.Length > Post.TextMaxLength)
        {
            errors.Add("text", $"A post has at most {Post.TextMaxLength} characters.");
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.Errors);
        }

        var now = timeProvider.GetUtcNow();
        var post = new Post { Id = Guid.CreateVersion7(now), UserId = AccountClaims.GetUserId(user), Text = text!, CreatedAt = now.UtcDateTime };
        db.Posts.Add(post);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created((string?)null, PostResponse.From(post));
    }
}
