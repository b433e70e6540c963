using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Sample.Settings;

namespace MySocium.Gdpr.Sample.Data;

/// <summary>Chooses the sample's database from configuration.</summary>
public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Binds <c>Database:Provider</c> and <c>ConnectionStrings:Default</c> into <see cref="DatabaseOptions"/>,
    /// validated on start.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configuration">The application's configuration; read when the options are first used, so late overrides count.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddDatabaseOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Configure<IHostEnvironment>((options, environment) =>
            {
                options.Provider = configuration[DatabaseOptions.ProviderKey] ?? options.Provider;
                options.ConnectionString = configuration[DatabaseOptions.ConnectionStringKey];
                if (string.IsNullOrWhiteSpace(options.ConnectionString) && IsSqlite(options))
                {
                    options.ConnectionString = DefaultSqliteConnectionString(environment);
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        return services;
    }

    /// <summary>Uses the provider and connection string that <see cref="DatabaseOptions"/> name.</summary>
    /// <param name="builder">The context's options.</param>
    /// <param name="services">The application's services, on which <see cref="AddDatabaseOptions"/> was called.</param>
    /// <returns>The same options builder.</returns>
    public static DbContextOptionsBuilder UseConfiguredDatabase(this DbContextOptionsBuilder builder, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        return options.GetProvider() switch
        {
            DatabaseProvider.Postgres => builder.UseNpgsql(options.ConnectionString),
            _ => builder.UseSqlite(options.ConnectionString),
        };
    }

    private static bool IsSqlite(DatabaseOptions options)
        => EnumSetting.TryParse<DatabaseProvider>(options.Provider, out var provider) && provider == DatabaseProvider.Sqlite;

    private static string DefaultSqliteConnectionString(IHostEnvironment environment)
        => new SqliteConnectionStringBuilder { DataSource = Path.Combine(environment.ContentRootPath, "App_Data", "sample.db") }.ToString();
}
