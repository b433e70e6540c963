namespace MySocium.Gdpr.Sample.Data;

/// <summary>The database engines the sample runs on, chosen by <c>Database:Provider</c>.</summary>
public enum DatabaseProvider
{
    /// <summary>A SQLite file; needs no server.</summary>
    Sqlite,

    /// <summary>PostgreSQL, named by <c>ConnectionStrings:Default</c>.</summary>
    Postgres,
}
