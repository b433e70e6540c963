using System.Security.Cryptography;
using Microsoft.Playwright;
using MySocium.Gdpr.IntegrationTests.Infrastructure;

namespace MySocium.Gdpr.IntegrationTests.Consent;

/// <summary>The sample's consent banner and cookie blocking, in real Chromium.</summary>
public sealed class SampleConsentBrowserTests(ChromiumFixture chromium)
{
    private const string AnalyticsCookie = "sample_analytics";
    private const string ConsentCookie = ".MySocium.Consent";

    [Fact]
    public async Task BeforeConsent_NoNonEssentialCookieExists_AndTheBannerAsks()
    {
        await using var app = new SampleAppFactory();
        await using var context = await chromium.NewContextAsync(app.BaseAddress);
        var page = await context.NewPageAsync();

        foreach (var path in new[] { "/", "/privacy", "/login", "/register", "/" })
        {
            await page.GotoAsync(path);
        }

        await Assertions.Expect(Banner(page)).ToBeVisibleAsync();
        (await context.CookiesAsync()).Select(c => c.Name).Should().OnlyContain(
            name => name.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal),
            "only strictly necessary cookies may exist before a decision");
    }

    [Fact]
    public async Task AcceptingAnalytics_SetsItsCookie_WithdrawingDeletesIt_ThoughItIsHttpOnly()
    {
        await using var app = new SampleAppFactory();
        await using var context = await chromium.NewContextAsync(app.BaseAddress);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        await DecideAsync(page, analytics: true);
        await page.GotoAsync("/privacy");

        var analytics = (await context.CookiesAsync()).Should().ContainSingle(c => c.Name == AnalyticsCookie).Subject;
        analytics.HttpOnly.Should().BeTrue();
        (await context.CookiesAsync()).Should().ContainSingle(c => c.Name == ConsentCookie).Which.HttpOnly.Should().BeTrue();
        await Assertions.Expect(Banner(page)).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Cookie settings" }).ClickAsync();
        await DecideAsync(page, analytics: false);

        (await context.CookiesAsync()).Select(c => c.Name).Should().NotContain(AnalyticsCookie).And.Contain(ConsentCookie);
        await page.GotoAsync("/");
        (await context.CookiesAsync()).Select(c => c.Name).Should().NotContain(AnalyticsCookie, "the app sets it on every page view, and the library drops it without consent");
    }

    [Fact]
    public async Task RejectAll_IsOneClick_AndSetsNoOptionalCookie()
    {
        await using var app = new SampleAppFactory();
        await using var context = await chromium.NewContextAsync(app.BaseAddress);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        await ClickAndWaitForDecisionAsync(page, "Reject all");
        await page.GotoAsync("/");

        (await context.CookiesAsync()).Select(c => c.Name).Should().Contain(ConsentCookie).And.NotContain(AnalyticsCookie);
        await Assertions.Expect(Banner(page)).ToBeHiddenAsync();
    }

    [Fact]
    public async Task NewPolicyVersion_BringsTheBannerBack_AndStopsTheAnalyticsCookie()
    {
        var rootKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await using var before = new SampleAppFactory().WithSetting("Gdpr:Encryption:RootKey", rootKey);
        await using var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(before.BaseAddress, "/").ToString());
        await ClickAndWaitForDecisionAsync(page, "Accept all");

        await using var after = new SampleAppFactory()
            .WithSetting("ConnectionStrings:Default", $"Data Source={before.DatabaseFile}")
            .WithSetting("Gdpr:Encryption:RootKey", rootKey)
            .WithSetting("Gdpr:Consent:PolicyVersion", "2099-01-01");
        await context.ClearCookiesAsync(new() { Name = AnalyticsCookie });
        await page.GotoAsync(new Uri(after.BaseAddress, "/").ToString());

        await Assertions.Expect(Banner(page)).ToBeVisibleAsync();
        (await context.CookiesAsync()).Select(c => c.Name).Should().Contain(ConsentCookie).And.NotContain(AnalyticsCookie);
    }

    private static ILocator Banner(IPage page) => page.GetByRole(AriaRole.Dialog, new() { Name = "Cookies" });

    private static async Task DecideAsync(IPage page, bool analytics)
    {
        var box = Banner(page).GetByRole(AriaRole.Checkbox, new() { Name = "analytics" });
        await box.SetCheckedAsync(analytics);
        await ClickAndWaitForDecisionAsync(page, "Save choices");
    }

    private static async Task ClickAndWaitForDecisionAsync(IPage page, string button)
    {
        var response = await page.RunAndWaitForResponseAsync(
            () => Banner(page).GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync(),
            r => r.Url.EndsWith("/gdpr/consent", StringComparison.Ordinal) && r.Request.Method == "POST");
        response.Status.Should().Be(200);
        await Assertions.Expect(Banner(page)).ToBeHiddenAsync();
    }
}
