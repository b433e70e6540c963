namespace MySocium.Gdpr.Sample.Data;

/// <summary>A short text a user posted: content the user owns, so it goes with export and erasure.</summary>
public sealed class Post
{
    /// <summary>The most characters a post has.</summary>
    public const int TextMaxLength = 500;

    /// <summary>Gets or sets the post's id.</summary>
    public Guid Id { get; set; }

    /// <summary>Gets or sets the id of the user who wrote it.</summary>
    public Guid UserId { get; set; }

    /// <summary>Gets or sets the text.</summary>
    [PersonalData(Purpose = "Your posts", LegalBasis = LegalBasis.Contract, Category = PersonalDataCategory.Content)]
    public string Text { get; set; } = "";

    /// <summary>Gets or sets when it was posted, in UTC.</summary>
    public DateTime CreatedAt { get; set; }
}
