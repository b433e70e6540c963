using System.Net;

namespace MySocium.Gdpr.Tests.Consent;

public sealed class HttpsPolicyTests
{
    [Fact]
    public async Task OutsideDevelopment_WithoutAnHttpsPort_TheHostDoesNotStart()
    {
        var start = () => ConsentHost.StartAsync(environment: "Production");

        (await start.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*Gdpr:Https:Port*");
    }

    [Fact]
    public async Task OutsideDevelopment_PlainHttp_IsRedirectedToHttps_KeepingPathAndQuery()
    {
        await using var host = await ConsentHost.StartAsync(o => o.Https.Port = 8443, environment: "Production");

        using var response = await host.GetAsync("/gdpr/consent?x=1");

        response.StatusCode.Should().Be(HttpStatusCode.PermanentRedirect);
        response.Headers.Location!.ToString().Should().Be($"https://127.0.0.1:8443/gdpr/consent?x=1");
        ConsentHost.SetCookies(response).Should().BeEmpty();
        host.DeleteDatabase();
    }

    [Fact]
    public async Task OutsideDevelopment_Https_GetsHsts_AndSecureCookies()
    {
        await using var host = await ConsentHost.StartAsync(o => o.Https.Port = 443, environment: "Production");

        using var response = await host.DecideAsync(["analytics"], otherCookies: null, method: "banner");
        using var viaProxy = await host.GetAsync("/gdpr/consent", configure: r => r.Headers.Add("X-Forwarded-Proto", "https"));
        var request = new HttpRequestMessage(HttpMethod.Post, "/gdpr/consent") { Content = System.Net.Http.Json.JsonContent.Create(new { categories = new[] { "analytics" } }) };
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var decided = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.PermanentRedirect);
        viaProxy.StatusCode.Should().Be(HttpStatusCode.OK);
        viaProxy.Headers.GetValues("Strict-Transport-Security").Should().Equal("max-age=31536000");
        ConsentHost.SetCookies(decided).Should().ContainSingle().Which.Should().Contain("secure").And.Contain("httponly").And.Contain("samesite=lax");
        host.DeleteDatabase();
    }

    [Fact]
    public async Task OverHttps_EveryCookieTheAppSets_IsSecure_AndEveryResponseIsNosniff()
    {
        await using var host = await ConsentHost.StartAsync(o => o.Https.Port = 443, environment: "Production");

        using var response = await host.GetAsync("/set?names=.AspNetCore.Antiforgery.abc", configure: r => r.Headers.Add("X-Forwarded-Proto", "https"));
        using var redirect = await host.GetAsync("/set?names=.AspNetCore.Antiforgery.abc");

        ConsentHost.SetCookies(response).Should().ContainSingle().Which.Should().StartWith(".AspNetCore.Antiforgery.abc=v").And.Contain("; secure");
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        redirect.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        host.DeleteDatabase();
    }

    [Fact]
    public async Task OverPlainHttp_InDevelopment_CookiesAreLeftAsSet()
    {
        await using var host = await ConsentHost.StartAsync();

        using var response = await host.GetAsync("/set?names=.AspNetCore.Antiforgery.abc");

        ConsentHost.SetCookies(response).Should().ContainSingle().Which.Should().NotContain("secure");
        host.DeleteDatabase();
    }

    [Fact]
    public async Task AllowHttp_ServesPlainHttpOutsideDevelopment()
    {
        await using var host = await ConsentHost.StartAsync(o => o.Https.AllowHttp = true, environment: "Production");

        using var response = await host.GetAsync("/gdpr/consent");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Contains("Strict-Transport-Security").Should().BeFalse();
        host.DeleteDatabase();
    }

    [Fact]
    public async Task Development_ServesPlainHttp_WithoutHsts()
    {
        await using var host = await ConsentHost.StartAsync();

        using var response = await host.GetAsync("/gdpr/consent");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Contains("Strict-Transport-Security").Should().BeFalse();
        host.DeleteDatabase();
    }
}
