using MySocium.Gdpr.Sample.Data;

namespace MySocium.Gdpr.Sample.Posts;

/// <summary>A post as the API returns it.</summary>
/// <param name="Id">The post's id.</param>
/// <param name="Text">The text.</param>
/// <param name="CreatedAt">When it was posted, in UTC.</param>
public sealed record PostResponse(Guid Id, string Text, DateTime CreatedAt)
{
    /// <summary>Returns <paramref name="post"/> as the API shows it.</summary>
    /// <param name="post">The post.</param>
    /// <returns>The response.</returns>
    public static PostResponse From(Post post) => new(post.Id, post.Text, post.CreatedAt);
}
