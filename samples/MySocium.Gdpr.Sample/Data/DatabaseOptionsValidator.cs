using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Sample.Settings;
using Npgsql;

namespace MySocium.Gdpr.Sample.Data;

/// <summary>Stops the start when the database settings are unusable, naming the key to fix.</summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (!EnumSetting.TryParse<DatabaseProvider>(options.Provider, out var provider))
        {
            return ValidateOptionsResult.Fail(EnumSetting.InvalidValueMessage<DatabaseProvider>(DatabaseOptions.ProviderKey));
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseOptions.ConnectionStringKey} is required when {DatabaseOptions.ProviderKey} is {provider}; set it to a connection string such as 'Host=localhost;Database=mysocium_sample;Username=postgres'.");
        }

        return IsWellFormed(provider, options.ConnectionString)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{DatabaseOptions.ConnectionStringKey} is not a valid {provider} connection string; check its keywords and quoting.");
    }

    private static bool IsWellFormed(DatabaseProvider provider, string connectionString)
    {
        // The builders' own messages can quote the connection string, password included, so only success counts.
        try
        {
            _ = provider == DatabaseProvider.Postgres
                ? new NpgsqlConnectionStringBuilder(connectionString)
                : (object)new SqliteConnectionStringBuilder(connectionString);
            return true;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException)
        {
            return false;
        }
    }
}
