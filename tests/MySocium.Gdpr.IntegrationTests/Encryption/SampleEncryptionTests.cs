using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MySocium.Gdpr.IntegrationTests.Infrastructure;
using Npgsql;

namespace MySocium.Gdpr.IntegrationTests.Encryption;

/// <summary>The sample's email and phone are encrypted at rest, and login by email works through the blind index.</summary>
public sealed class SampleEncryptionTests(PostgresServer postgres)
{
    private const string Password = "correct horse battery staple 42";
    private const string Email = "ada.lovelace@example.test";
    private const string Phone = "+44 20 7946 0123";

    [Fact]
    public async Task Sample_OnSqlite_EncryptsEmailAndPhone_AndLogsInByEmail()
    {
        await using var app = new SampleAppFactory();

        await RegisterAndLogInByEmailAsync(app);

        SqliteConnection.ClearAllPools();
        var file = await File.ReadAllBytesAsync(app.DatabaseFile, TestContext.Current.CancellationToken);
        file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Email)).Should().Be(-1);
        file.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Phone)).Should().Be(-1);
        file.AsSpan().IndexOf("Ada Lovelace"u8).Should().BeGreaterThan(-1, "the display name is personal data kept readable (Encrypt = false)");
    }

    [Fact]
    public async Task Sample_OnPostgres_EncryptsEmailAndPhone_AndLogsInByEmail()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var app = new SampleAppFactory().WithPostgres(connectionString);

        await RegisterAndLogInByEmailAsync(app);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var rows = new NpgsqlCommand("SELECT string_agg(u::text, '') FROM \"Users\" u", connection);
        var text = (string)(await rows.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        text.Should().Contain("Ada Lovelace").And.NotContain(Email).And.NotContain(Phone);
        text.Should().NotContain(Convert.ToHexString(Encoding.UTF8.GetBytes(Email)).ToLowerInvariant());
    }

    [Fact]
    public async Task Sample_SqlLog_NeverShowsTheEncryptedValues()
    {
        await using var app = new SampleAppFactory().WithSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Debug");

        await RegisterAndLogInByEmailAsync(app);

        app.Logs.Entries.Should().Contain(e => e.Category == "Microsoft.EntityFrameworkCore.Database.Command");
        app.Logs.Entries.Should().NotContain(e => e.Message.Contains(Email, StringComparison.OrdinalIgnoreCase) || e.Message.Contains(Phone, StringComparison.Ordinal));
    }

    private static async Task RegisterAndLogInByEmailAsync(SampleAppFactory app)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = app.CreateHttpClient();

        var register = await client.PostAsJsonAsync(
            "/api/account/register",
            new { userName = "ada", email = Email, password = Password, displayName = "Ada Lovelace", phone = Phone },
            ct);
        register.StatusCode.Should().Be(HttpStatusCode.Created, await register.Content.ReadAsStringAsync(ct));

        var taken = await client.PostAsJsonAsync(
            "/api/account/register",
            new { userName = "impostor", email = Email.ToUpperInvariant(), password = Password, displayName = "Not Ada" },
            ct);
        taken.StatusCode.Should().Be(HttpStatusCode.Created, "registration does not tell which addresses have accounts");
        (await client.PostAsJsonAsync("/api/account/login", new { login = "impostor", password = Password }, ct)).StatusCode
            .Should().Be(HttpStatusCode.Unauthorized, "the email is found through its blind index, so no second account was made");

        var login = await client.PostAsJsonAsync("/api/account/login", new { login = " ADA.Lovelace@Example.test ", password = Password }, ct);
        login.StatusCode.Should().Be(HttpStatusCode.OK, await login.Content.ReadAsStringAsync(ct));

        var me = await client.GetFromJsonAsync<JsonElement>("/api/account/me", ct);
        me.GetProperty("email").GetString().Should().Be(Email);
        me.GetProperty("phone").GetString().Should().Be(Phone);
    }
}
