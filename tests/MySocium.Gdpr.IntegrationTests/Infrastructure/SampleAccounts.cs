using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace MySocium.Gdpr.IntegrationTests.Infrastructure;

/// <summary>Accounts of the sample app, made through its JSON API as a script would.</summary>
internal static class SampleAccounts
{
    public const string Password = "correct horse battery staple 42";

    /// <summary>Registers an account (display name: the user name in capitals), logs <paramref name="client"/> in, and returns the account's id.</summary>
    public static async Task<Guid> RegisterAndLogInAsync(HttpClient client, string userName, string email, string? phone = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var register = await client.PostAsJsonAsync(
            "/api/account/register", new { userName, email, password = Password, displayName = userName.ToUpperInvariant(), phone }, ct);
        register.StatusCode.Should().Be(HttpStatusCode.Created, await register.Content.ReadAsStringAsync(ct));
        await LogInAsync(client, userName);
        return (await register.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
    }

    /// <summary>Logs <paramref name="client"/> in with a user name or email address and <see cref="Password"/>.</summary>
    public static async Task LogInAsync(HttpClient client, string login)
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await client.PostAsJsonAsync("/api/account/login", new { login, password = Password }, ct);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ct));
    }
}
