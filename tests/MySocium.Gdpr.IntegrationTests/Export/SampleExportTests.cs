using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using MySocium.Gdpr.IntegrationTests.Infrastructure;
using MySocium.Gdpr.Tests.Export;

namespace MySocium.Gdpr.IntegrationTests.Export;

/// <summary>GET /api/account/export: the library's export of the signed-in user, streamed as a JSON download.</summary>
public sealed class SampleExportTests(PostgresServer postgres, ChromiumFixture chromium)
{
    private const string AdaEmail = "ada.export@example.test";
    private const string AdaPhone = "+44 20 7946 0001";
    private const string GraceEmail = "grace.other@example.test";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Export_IsTheSignedInUsersProfilePostsAndLogins_Decrypted_AndNothingOfOthers(string provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = provider == "Postgres" ? new SampleAppFactory().WithPostgres(await postgres.CreateDatabaseAsync()) : new SampleAppFactory();
        var ada = app.CreateHttpClient();
        var grace = app.CreateHttpClient();
        var adaId = await SampleAccounts.RegisterAndLogInAsync(ada, "adalovelace", AdaEmail, AdaPhone);
        await SampleAccounts.LogInAsync(app.CreateHttpClient(), AdaEmail);
        var graceId = await SampleAccounts.RegisterAndLogInAsync(grace, "gracehopper", GraceEmail);
        foreach (var (client, text) in new[] { (ada, "ada's first post"), (ada, "ada's second post"), (grace, "a post grace wrote") })
        {
            (await client.PostAsJsonAsync("/api/posts", new { text }, ct)).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        (await ada.PostAsJsonAsync("/gdpr/consent", new { categories = new[] { "analytics" } }, ct)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await grace.PostAsJsonAsync("/gdpr/consent", new { categories = new[] { "marketing" } }, ct)).StatusCode.Should().Be(HttpStatusCode.OK);

        var response = await ada.GetAsync("/api/account/export", HttpCompletionOption.ResponseHeadersRead, ct);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        response.Headers.TransferEncodingChunked.Should().BeTrue("the export is written to the response as the rows are read");
        response.Content.Headers.ContentLength.Should().BeNull();
        response.Headers.CacheControl!.NoStore.Should().BeTrue("no cache keeps a copy of personal data");
        var disposition = response.Content.Headers.ContentDisposition!;
        disposition.DispositionType.Should().Be("attachment");
        using var export = ExportDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct));
        var generatedAt = export.Manifest.GetProperty("generatedAt").GetDateTimeOffset();
        disposition.FileName.Should().Be(string.Create(CultureInfo.InvariantCulture, $"adalovelace-data-{generatedAt:yyyy-MM-dd}.json"));
        export.Manifest.GetProperty("subject").GetString().Should().Be("AppUser");
        export.Entities.Select(e => e.GetProperty("name").GetString()).Should().BeEquivalentTo("AppUser", "Post", "LoginEvent", "ConsentRecords", "MailOptIns", "PolicyNotices");

        var user = export.Rows("AppUser").Should().ContainSingle().Subject;
        user.GetProperty("Id").GetGuid().Should().Be(adaId);
        user.GetProperty("UserName").GetString().Should().Be("adalovelace");
        user.GetProperty("Email").GetString().Should().Be(AdaEmail, "the encrypted email is decrypted");
        user.GetProperty("Phone").GetString().Should().Be(AdaPhone, "the encrypted phone is decrypted");
        user.GetProperty("DisplayName").GetString().Should().Be("ADALOVELACE");
        user.TryGetProperty("PasswordHash", out _).Should().BeFalse("a password hash leaked with an export file could be cracked offline");
        user.TryGetProperty("SecurityStamp", out _).Should().BeFalse();
        export.Rows("ConsentRecords").Should().ContainSingle("the consent she gave while signed in is hers")
            .Which.GetProperty("Granted").GetString().Should().Be("analytics");
        export.Rows("Post").Select(p => p.GetProperty("Text").GetString()).Should().BeEquivalentTo("ada's first post", "ada's second post");
        var logins = export.Rows("LoginEvent");
        logins.Should().HaveCount(2, "ada logged in twice");
        logins.Should().OnlyContain(e => e.GetProperty("IpAddress").GetString() == "127.0.0.1", "the encrypted IP address is decrypted");
        logins.Should().OnlyContain(e => e.GetProperty("UserId").GetGuid() == adaId);

        export.Strings.Should().NotContain(["gracehopper", "GRACEHOPPER", GraceEmail, "a post grace wrote", graceId.ToString()]);
    }

    [Fact]
    public async Task Export_WhenAnonymous_Is401_AndTheProfilePageWithItsLinkRedirectsToLogin()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SampleAppFactory();
        var anonymous = app.CreateHttpClient();

        var export = await anonymous.GetAsync("/api/account/export", ct);
        var profile = await anonymous.GetAsync("/profile", ct);

        export.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        export.Content.Headers.ContentDisposition.Should().BeNull();
        profile.StatusCode.Should().Be(HttpStatusCode.Redirect);
        profile.Headers.Location!.ToString().Should().EndWith("/login?ReturnUrl=%2Fprofile");
    }

    [Fact]
    public async Task Export_FromASessionOfAnErasedAccount_Is401()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SampleAppFactory();
        var ada = app.CreateHttpClient();
        await SampleAccounts.RegisterAndLogInAsync(ada, "adalovelace", AdaEmail);
        var otherSession = app.CreateHttpClient();
        await SampleAccounts.LogInAsync(otherSession, AdaEmail);
        var delete = await ada.SendAsync(
            new HttpRequestMessage(HttpMethod.Delete, "/api/account") { Content = JsonContent.Create(new { password = SampleAccounts.Password }) }, ct);
        delete.StatusCode.Should().Be(HttpStatusCode.OK);

        var export = await otherSession.GetAsync("/api/account/export", ct);

        export.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ProfilePage_DownloadMyData_SavesTheExport()
    {
        await using var app = new SampleAppFactory();
        await SampleAccounts.RegisterAndLogInAsync(app.CreateHttpClient(), "adalovelace", AdaEmail);
        await using var context = await chromium.NewContextAsync(app.BaseAddress, new BrowserNewContextOptions { AcceptDownloads = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("User name or email address").FillAsync("adalovelace");
        await page.GetByLabel("Password").FillAsync(SampleAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync("**/profile");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download my data" }).ClickAsync());

        download.SuggestedFilename.Should().MatchRegex(@"^adalovelace-data-\d{4}-\d{2}-\d{2}\.json$");
        using var export = ExportDocument.Parse(await File.ReadAllBytesAsync(await download.PathAsync(), TestContext.Current.CancellationToken));
        export.Rows("AppUser").Should().ContainSingle().Which.GetProperty("Email").GetString().Should().Be(AdaEmail);
    }
}
