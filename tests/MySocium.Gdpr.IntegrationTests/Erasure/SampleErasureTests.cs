using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MySocium.Gdpr.IntegrationTests.Infrastructure;

namespace MySocium.Gdpr.IntegrationTests.Erasure;

/// <summary>DELETE /api/account erases the subject through the library and ends every session.</summary>
public sealed class SampleErasureTests
{
    [Fact]
    public async Task DeleteAccount_ErasesEverything_ReturnsTheReceipt_AndEndsTheSession()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SampleAppFactory();
        var ada = app.CreateHttpClient();
        var graceClient = app.CreateHttpClient();
        await SampleAccounts.RegisterAndLogInAsync(ada, "adalovelace", "ada.erased@example.test");
        await SampleAccounts.RegisterAndLogInAsync(graceClient, "gracehopper", "grace.kept@example.test");
        (await ada.PostAsJsonAsync("/api/posts", new { text = "a post only ada wrote" }, ct)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await graceClient.PostAsJsonAsync("/api/posts", new { text = "a post grace wrote" }, ct)).StatusCode.Should().Be(HttpStatusCode.Created);
        var otherSession = app.CreateHttpClient();
        await SampleAccounts.LogInAsync(otherSession, "adalovelace");

        var wrongPassword = await ada.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/account") { Content = JsonContent.Create(new { password = "not it at all" }) }, ct);
        var delete = await ada.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/account") { Content = JsonContent.Create(new { password = SampleAccounts.Password }) }, ct);

        wrongPassword.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        delete.StatusCode.Should().Be(HttpStatusCode.OK, await delete.Content.ReadAsStringAsync(ct));
        var receipt = await delete.Content.ReadFromJsonAsync<JsonElement>(ct);
        receipt.GetProperty("subjectHash").GetString().Should().HaveLength(64);
        receipt.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("entity").GetString(), s.GetProperty("rows").GetInt32()))
            .Should().Contain(("Post", 1)).And.Contain(("AppUser", 1)).And.Contain(("LoginEvent", 2));
        (await otherSession.GetAsync("/api/account/me", ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "an erased subject's other sessions end");
        (await ada.PostAsJsonAsync("/api/account/login", new { login = "ada.erased@example.test", password = SampleAccounts.Password }, ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await graceClient.GetFromJsonAsync<JsonElement>("/api/posts", ct)).GetArrayLength().Should().Be(1);

        SqliteConnection.ClearAllPools();
        var file = await File.ReadAllBytesAsync(app.DatabaseFile, ct);
        file.AsSpan().IndexOf("ada.erased"u8).Should().Be(-1);
        file.AsSpan().IndexOf("adalovelace"u8).Should().Be(-1, "the readable user name went with the row, and secure_delete zeroed it");
        file.AsSpan().IndexOf("gracehopper"u8).Should().BeGreaterThan(-1, "the search sees what stays");
    }
}
