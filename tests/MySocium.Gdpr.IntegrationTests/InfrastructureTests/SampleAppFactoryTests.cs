using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.IntegrationTests.Infrastructure;
using MySocium.Gdpr.Sample.Mail;
using Npgsql;

namespace MySocium.Gdpr.IntegrationTests.InfrastructureTests;

public class SampleAppFactoryTests(PostgresServer postgres, SmtpServerFixture smtp) : IClassFixture<SmtpServerFixture>
{
    private const string Password = "correct horse battery staple 42";

    [Fact]
    public async Task SampleApp_OnPostgres_RegistersAndLogsInOverHttp()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var app = new SampleAppFactory().WithPostgres(connectionString);

        await RegisterLogInAndReadProfile(app);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var tables = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
        ((long)(await tables.ExecuteScalarAsync(TestContext.Current.CancellationToken))!)
            .Should().BePositive("the sample keeps its data in the PostgreSQL database it was given");
    }

    [Fact]
    public async Task SampleApp_OnDefaultSqliteFile_RegistersAndLogsInOverHttp()
    {
        await using var app = new SampleAppFactory();

        await RegisterLogInAndReadProfile(app);

        File.Exists(app.DatabaseFile).Should().BeTrue("the factory's default database is a SQLite file in its own temporary directory");
        app.Logs.Entries.Should().Contain(
            e => e.Category == "Microsoft.EntityFrameworkCore.Database.Command",
            "the factory captures the app's SQL log, whatever the app's own log levels");
    }

    [Fact]
    public async Task SampleApp_WithSmtp_BindsTheFixtureAsItsMailServer()
    {
        await using var app = new SampleAppFactory().WithSmtp(smtp);
        _ = app.BaseAddress;

        var options = app.Services.GetRequiredService<IOptions<SmtpOptions>>().Value;

        options.Host.Should().Be(smtp.Host);
        options.Port.Should().Be(smtp.Port);
        options.Security.Should().Be("None");
        options.From.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task SampleApp_Dispose_DeletesItsTemporaryDirectory()
    {
        var app = new SampleAppFactory();
        _ = app.BaseAddress;

        await app.DisposeAsync();

        Directory.Exists(app.TempDirectory).Should().BeFalse();
    }

    private static async Task RegisterLogInAndReadProfile(SampleAppFactory app)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = app.CreateHttpClient();

        var register = await client.PostAsJsonAsync(
            "/api/account/register",
            new { userName = "ada", email = "ada@example.test", password = Password, displayName = "Ada Lovelace", phone = "+44 20 7946 0000" },
            ct);
        register.StatusCode.Should().Be(HttpStatusCode.Created, await register.Content.ReadAsStringAsync(ct));

        var login = await client.PostAsJsonAsync("/api/account/login", new { login = "ada", password = Password }, ct);
        login.StatusCode.Should().Be(HttpStatusCode.OK, await login.Content.ReadAsStringAsync(ct));
        login.Headers.Contains("Set-Cookie").Should().BeTrue("logging in sets the authentication cookie");

        var me = await client.GetAsync("/api/account/me", ct);
        var body = await me.Content.ReadAsStringAsync(ct);
        me.StatusCode.Should().Be(HttpStatusCode.OK, body);
        using var profile = JsonDocument.Parse(body);
        profile.RootElement.GetProperty("email").GetString().Should().Be("ada@example.test");
        profile.RootElement.GetProperty("displayName").GetString().Should().Be("Ada Lovelace");
    }
}
