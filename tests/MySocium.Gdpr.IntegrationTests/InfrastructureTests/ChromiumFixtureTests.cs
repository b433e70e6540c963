using Microsoft.Playwright;
using MySocium.Gdpr.IntegrationTests.Infrastructure;

namespace MySocium.Gdpr.IntegrationTests.InfrastructureTests;

public class ChromiumFixtureTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task Chromium_HomePage_ShowsSampleTitleAndHeading()
    {
        await using var app = new SampleAppFactory();
        await using var context = await chromium.NewContextAsync(app.BaseAddress);
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/");

        response!.Status.Should().Be(200);
        (await page.TitleAsync()).Should().Be("Home · MySocium sample");
        (await page.Locator("h1").TextContentAsync()).Should().Be("MySocium sample");
        (await page.GetByRole(AriaRole.Link, new() { Name = "Create an account" }).IsVisibleAsync()).Should().BeTrue();
    }
}
