using System.Net;
using System.Net.Http.Json;
using MySocium.Gdpr.IntegrationTests.Infrastructure;

namespace MySocium.Gdpr.IntegrationTests.Encryption;

/// <summary>The sample runs without setup: in Development it generates a root key on first run and reuses it.</summary>
public sealed class SampleDevelopmentRootKeyTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mysocium-devkey-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task Sample_WithoutRootKey_GeneratesOneWarnsAndReusesItOnTheNextStart()
    {
        var keyFile = Path.Combine(_directory.FullName, "development-root-key.txt");
        var database = Path.Combine(_directory.FullName, "sample.db");

        await using (var first = WithoutRootKey(keyFile, database))
        {
            var register = await first.CreateHttpClient().PostAsJsonAsync(
                "/api/account/register",
                new { userName = "ada", email = "ada@example.test", password = "correct horse battery", displayName = "Ada" },
                TestContext.Current.CancellationToken);
            register.StatusCode.Should().Be(HttpStatusCode.Created);
            first.Logs.Entries.Should().ContainSingle(e => e.Message.Contains("using the development root key", StringComparison.Ordinal));
        }

        var key = await File.ReadAllTextAsync(keyFile, TestContext.Current.CancellationToken);
        Convert.FromBase64String(key).Should().HaveCount(32);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(keyFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, "only the app's user may read the key");
        }

        await using var second = WithoutRootKey(keyFile, database);
        var client = second.CreateHttpClient();
        var login = await client.PostAsJsonAsync("/api/account/login", new { login = "ada@example.test", password = "correct horse battery" }, TestContext.Current.CancellationToken);
        login.StatusCode.Should().Be(HttpStatusCode.OK, "the second start reads the data the first encrypted");
    }

    private static SampleAppFactory WithoutRootKey(string keyFile, string database)
        => new SampleAppFactory()
            .WithSetting("Gdpr:Encryption:RootKey", "")
            .WithSetting("Sample:DevelopmentRootKeyFile", keyFile)
            .WithSetting("ConnectionStrings:Default", $"Data Source={database};Pooling=False");
}
