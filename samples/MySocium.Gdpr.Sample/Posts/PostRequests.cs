namespace MySocium.Gdpr.Sample.Posts;

/// <summary>The body of <c>POST /api/posts</c>.</summary>
/// <param name="Text">The text to post: 1 to 500 characters.</param>
public sealed record CreatePostRequest(string? Text);
