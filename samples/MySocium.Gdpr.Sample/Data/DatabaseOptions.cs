using MySocium.Gdpr.Sample.Settings;

namespace MySocium.Gdpr.Sample.Data;

/// <summary>Where the sample keeps its data: <c>Database:Provider</c> and <c>ConnectionStrings:Default</c>.</summary>
public sealed class DatabaseOptions
{
    /// <summary>The configuration key of <see cref="Provider"/>.</summary>
    public const string ProviderKey = "Database:Provider";

    /// <summary>The configuration key of <see cref="ConnectionString"/>.</summary>
    public const string ConnectionStringKey = "ConnectionStrings:Default";

    /// <summary>Gets or sets the database engine: <c>Sqlite</c> or <c>Postgres</c>, in any letter case.</summary>
    /// <value>The default value is <c>Sqlite</c>.</value>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>Gets or sets the provider's connection string.</summary>
    /// <value>
    /// The default value for SQLite is the file <c>App_Data/sample.db</c> under the content root;
    /// PostgreSQL has no default.
    /// </value>
    public string? ConnectionString { get; set; }

    /// <summary>Returns <see cref="Provider"/> as an enum; the options are validated on start, so it is always one.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Provider"/> names no supported engine.</exception>
    public DatabaseProvider GetProvider() => EnumSetting.Parse<DatabaseProvider>(Provider, ProviderKey);
}
