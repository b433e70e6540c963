using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using MySocium.Gdpr.IntegrationTests.Infrastructure;

namespace MySocium.Gdpr.IntegrationTests.Sessions;

/// <summary>Logging out in real Chromium leaves no cookie but the consent cookie, and no stored data.</summary>
public sealed class BrowserLogoutTests(ChromiumFixture chromium)
{
    private const string ConsentCookie = ".MySocium.Consent";
    private const string Password = "correct horse battery staple 42";

    [Fact]
    public async Task LogOutButton_LeavesOnlyTheConsentCookie_AndTheOldCookieNoLongerAuthenticates()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SampleAppFactory()
            .WithSetting("Gdpr:Consent:Cookies:0:Name", "theme")
            .WithSetting("Gdpr:Consent:Cookies:0:Category", "preferences")
            .WithSetting("Gdpr:Consent:Cookies:0:Path", "/posts");
        var register = await app.CreateHttpClient().PostAsJsonAsync(
            "/api/account/register",
            new { userName = "adalovelace", email = "ada@example.test", password = Password, displayName = "Ada" },
            ct);
        register.StatusCode.Should().Be(HttpStatusCode.Created);
        await using var context = await chromium.NewContextAsync(app.BaseAddress);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/login");
        await page.GetByLabel("User name or email address").FillAsync("adalovelace");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync("**/profile");
        await context.AddCookiesAsync(
        [
            new Microsoft.Playwright.Cookie { Name = "theme", Value = "dark", Domain = app.BaseAddress.Host, Path = "/posts", HttpOnly = true },
            new Microsoft.Playwright.Cookie { Name = ConsentCookie, Value = "kept", Domain = app.BaseAddress.Host, Path = "/" },
        ]);
        await page.EvaluateAsync("() => { document.cookie = 'visits=3; path=/'; localStorage.setItem('draft', 'a post by ada'); }");
        var signedIn = await context.CookiesAsync();
        var authCookie = signedIn.Single(c => c.Name == SampleLogoutTests.AuthCookie);
        authCookie.HttpOnly.Should().BeTrue();

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Log in", Exact = true }).WaitForAsync();

        var left = await context.CookiesAsync();
        left.Select(c => c.Name).Should().OnlyContain(name => name == ConsentCookie, "the wipe expires every cookie but the consent cookie, HttpOnly ones included, and the declared one on /posts, which the logout request did not carry");
        (await page.EvaluateAsync<int>("() => localStorage.length")).Should().Be(0, "Clear-Site-Data \"storage\" empties the origin's storage");
        var replay = new CookieContainer();
        replay.Add(app.BaseAddress, new System.Net.Cookie(authCookie.Name, authCookie.Value, "/"));
        (await app.CreateHttpClient(replay).GetAsync("/api/account/me", ct)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
