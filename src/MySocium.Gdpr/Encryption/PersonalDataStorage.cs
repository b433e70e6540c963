namespace MySocium.Gdpr;

/// <summary>How an encrypted property's values are stored in its column.</summary>
public enum PersonalDataStorage
{
    /// <summary>The envelope's bytes in a binary column (<c>BLOB</c>, <c>bytea</c>, <c>varbinary</c>).</summary>
    Binary = 0,

    /// <summary>The envelope in Base64 in a text column, for existing string columns.</summary>
    Base64 = 1,
}
