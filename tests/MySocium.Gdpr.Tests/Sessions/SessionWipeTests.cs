using Microsoft.Net.Http.Headers;
using MySocium.Gdpr.Consent;
using MySocium.Gdpr.Sessions;

namespace MySocium.Gdpr.Tests.Sessions;

public sealed class SessionWipeTests
{
    private static readonly Guid Ada = Guid.NewGuid();

    [Fact]
    public async Task Wipe_SendsNoStore_AndClearSiteDataForCacheAndStorage()
    {
        await using var host = await SessionHost.StartAsync();

        var response = await host.SendAsync(HttpMethod.Post, "/wipe");

        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        response.Headers.GetValues("Clear-Site-Data").Should().Equal("\"cache\", \"storage\"");
    }

    [Theory]
    [InlineData(ClearSiteDataTypes.Cache | ClearSiteDataTypes.Storage | ClearSiteDataTypes.Cookies, "\"cache\", \"storage\", \"cookies\"")]
    [InlineData(ClearSiteDataTypes.ExecutionContexts, "\"executionContexts\"")]
    [InlineData(ClearSiteDataTypes.None, null)]
    public async Task Wipe_SendsTheConfiguredClearSiteData(ClearSiteDataTypes types, string? header)
    {
        await using var host = await SessionHost.StartAsync(o => o.Sessions.ClearSiteData = types);

        var response = await host.SendAsync(HttpMethod.Post, "/wipe");

        response.Headers.TryGetValues("Clear-Site-Data", out var values).Should().Be(header is not null);
        values?.Should().Equal(header);
    }

    [Fact]
    public async Task Wipe_ExpiresEveryRequestAndDeclaredCookie_HttpOnlyAndLax_OnTheRootAndEachDeclaredPathAndDomain()
    {
        await using var host = await SessionHost.StartAsync(o =>
        {
            o.Consent.Cookies.Add(new GdprCookieDeclaration { Name = "pref*", Category = ConsentCategories.Preferences, Path = "/app", Domain = "example.test" });
            o.Consent.Cookies.Add(new GdprCookieDeclaration { Name = "pref-theme", Category = ConsentCategories.Preferences, Path = "/settings" });
            o.Consent.Cookies.Add(new GdprCookieDeclaration { Name = "cart", Category = ConsentCategories.Necessary, Path = "/shop" });
        });

        var response = await host.SendAsync(HttpMethod.Post, "/wipe", "theme=dark; pref-theme=1; __Host-id=7");

        var deletions = SessionHost.OtherSetCookies(response);
        deletions.Select(c => (c.Name.Value, c.Path.Value, c.Domain.Value)).Should().BeEquivalentTo(
        [
            ("theme", "/", null),
            ("pref-theme", "/", null),
            ("pref-theme", "/app", "example.test"),
            ("pref-theme", "/settings", null),
            ("__Host-id", "/", null),
            ("cart", "/", null),
            ("cart", "/shop", null),
        ]);
        deletions.Should().AllSatisfy(c =>
        {
            c.Value.Value.Should().BeEmpty();
            c.Expires.Should().Be(DateTimeOffset.UnixEpoch);
            c.HttpOnly.Should().BeTrue();
            c.SameSite.Should().Be(SameSiteMode.Lax);
        });
        deletions.Single(c => c.Name == "__Host-id").Secure.Should().BeTrue("a browser accepts a __Host- cookie only when it is Secure");
        deletions.Where(c => c.Name != "__Host-id").Should().AllSatisfy(c => c.Secure.Should().BeFalse("over plain HTTP a browser would ignore a Secure deletion"));
    }

    [Fact]
    public async Task Wipe_OverHttps_MarksEveryDeletionSecure()
    {
        await using var host = await SessionHost.StartAsync();

        var response = await host.SendAsync(HttpMethod.Post, "/wipe", "theme=dark", https: true);

        SessionHost.OtherSetCookies(response).Should().ContainSingle().Which.Secure.Should().BeTrue();
    }

    [Fact]
    public async Task Wipe_KeepsTheConsentCookieAndTheConfiguredOnes()
    {
        await using var host = await SessionHost.StartAsync(o =>
        {
            o.Consent.CookieName = "site.consent";
            o.Sessions.KeepCookies.Add("lang*");
            o.Sessions.KeepCookies.Add("a11y");
        });

        var response = await host.SendAsync(HttpMethod.Post, "/wipe", "site.consent=v1; lang=de; lang-region=ch; a11y=large; a11y2=x; theme=dark");

        SessionHost.OtherSetCookies(response).Select(c => c.Name.Value).Should().BeEquivalentTo("a11y2", "theme");
    }

    [Fact]
    public async Task Wipe_WithKeepConsentCookieOff_ExpiresTheConsentCookieToo()
    {
        await using var host = await SessionHost.StartAsync(o => o.Sessions.KeepConsentCookie = false);

        var response = await host.SendAsync(HttpMethod.Post, "/wipe", ".MySocium.Consent=v1");

        SessionHost.OtherSetCookies(response).Should().ContainSingle().Which.Name.Value.Should().Be(".MySocium.Consent");
    }

    [Fact]
    public async Task Wipe_EndsTheSignIn_SoTheOldCookieNoLongerAuthenticates()
    {
        await using var host = await SessionHost.StartAsync();
        var cookie = await host.LogInAsync(Ada, "ada");
        (await host.WhoAsync(cookie)).Should().Be("ada");

        var response = await host.SendAsync(HttpMethod.Post, "/wipe", cookie);

        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Be("anonymous");
        SessionHost.SetCookies(response).Should().ContainSingle(c => c.Name == SessionHost.AuthCookie).Which.Expires.Should().Be(DateTimeOffset.UnixEpoch);
        (await host.WhoAsync(cookie)).Should().BeNull("the ticket the cookie refers to is gone from the database");
        (await host.CountTicketsAsync()).Should().Be(0);
    }

    [Fact]
    public async Task Wipe_SignsOutOfEveryCookieScheme_NotOfThePolicySchemeForwardingToOne()
    {
        await using var host = await SessionHost.StartAsync();
        var main = await host.LogInAsync(Ada, "ada");
        var partner = await host.LogInAsync(Ada, "ada at the partner", SessionHost.PartnerScheme);

        await host.SendAsync(HttpMethod.Post, "/wipe", $"{main}; {partner}");

        (await host.WhoAsync(main)).Should().BeNull();
        (await host.WhoAsync(partner, SessionHost.PartnerScheme)).Should().BeNull();
        (await host.CountTicketsAsync()).Should().Be(0);
        host.Logs.Should().Contain(l => l.Contains("signed out of 2 authentication schemes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wipe_EmptiesTheServerSession()
    {
        await using var host = await SessionHost.StartAsync();
        var session = SessionHost.SetCookies(await host.SendAsync(HttpMethod.Post, "/session?value=basket-of-ada")).Single();
        var sessionCookie = $"{session.Name}={session.Value}";
        (await (await host.SendAsync(HttpMethod.Get, "/session", sessionCookie)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Be("basket-of-ada");

        var response = await host.SendAsync(HttpMethod.Post, "/wipe", sessionCookie);

        SessionHost.OtherSetCookies(response).Should().ContainSingle().Which.Name.Value.Should().Be(SessionHost.SessionCookie);
        (await (await host.SendAsync(HttpMethod.Get, "/session", sessionCookie)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken))
            .Should().Be("(none)", "a replayed session cookie finds the session empty");
    }

    [Fact]
    public async Task Wipe_AfterTheResponseStarted_ThrowsSayingWhy()
    {
        await using var host = await SessionHost.StartAsync();

        var response = await host.SendAsync(HttpMethod.Post, "/wipe-late", "theme=dark");

        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Should().Contain("response has already started");
    }

    [Fact]
    public async Task SignOut_WipesTheRestOfTheSessionOnItsOwn()
    {
        await using var host = await SessionHost.StartAsync();
        var cookie = await host.LogInAsync(Ada, "ada");

        var response = await host.SendAsync(HttpMethod.Post, "/signout", $"{cookie}; theme=dark; .MySocium.Consent=v1");

        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        response.Headers.GetValues("Clear-Site-Data").Should().Equal("\"cache\", \"storage\"");
        SessionHost.SetCookies(response).Select(c => c.Name.Value).Should().BeEquivalentTo(SessionHost.AuthCookie, "theme");
        (await host.WhoAsync(cookie)).Should().BeNull();
    }

    [Fact]
    public async Task SignOut_WithWipeOnSignOutOff_StillEndsTheTicket_ButLeavesTheOtherCookies()
    {
        await using var host = await SessionHost.StartAsync(o => o.Sessions.WipeOnSignOut = false);
        var cookie = await host.LogInAsync(Ada, "ada");

        var response = await host.SendAsync(HttpMethod.Post, "/signout", $"{cookie}; theme=dark");

        response.Headers.Contains("Clear-Site-Data").Should().BeFalse();
        SessionHost.SetCookies(response).Select(c => c.Name.Value).Should().Equal(SessionHost.AuthCookie);
        (await host.WhoAsync(cookie)).Should().BeNull();
    }

    [Fact]
    public async Task SignOut_KeepsACookieTheResponseSetsAfterwards()
    {
        await using var host = await SessionHost.StartAsync();
        var cookie = await host.LogInAsync(Ada, "ada");

        var response = await host.SendAsync(HttpMethod.Post, "/signout-then-set", $"{cookie}; flash=old");

        SessionHost.SetCookies(response).Should().ContainSingle(c => c.Name == "flash").Which.Value.Value.Should().Be("signed-out");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SignOutThenSignIn_InOneRequest_KeepsTheNewSignInUnderANewKey_AndWipesNothing(bool anotherSubject)
    {
        await using var host = await SessionHost.StartAsync();
        var cookie = await host.LogInAsync(Ada, "ada");

        var response = await host.SendAsync(HttpMethod.Post, "/switch", $"{cookie}; theme=dark", member: (anotherSubject ? Guid.NewGuid() : Ada, "grace"));

        response.Headers.Contains("Clear-Site-Data").Should().BeFalse();
        var issued = SessionHost.SetCookies(response).Where(c => c.Name == SessionHost.AuthCookie && c.Value.Length > 0).Should().ContainSingle().Subject;
        (await host.WhoAsync($"{issued.Name}={issued.Value}")).Should().Be("grace");
        (await host.WhoAsync(cookie)).Should().BeNull("the handler keeps the old key for the sign-in; the store moved the session to a new one");
        (await host.CountTicketsAsync()).Should().Be(1);
    }

    [Fact]
    public async Task WipeAndSignOut_LogNoPersonalData()
    {
        await using var host = await SessionHost.StartAsync();
        var cookie = await host.LogInAsync(Ada, "ada-the-countess");
        var second = await host.LogInAsync(Ada, "ada-the-countess");

        await host.SendAsync(HttpMethod.Post, "/wipe", $"{cookie}; theme=dark");
        await host.SendAsync(HttpMethod.Post, "/signout", second);

        var logs = host.Logs.ToList();
        logs.Should().Contain(l => l.Contains("Wiped a session: signed out of 2 authentication schemes and expired 2 cookies.", StringComparison.Ordinal));
        logs.Should().Contain(l => l.Contains("Wiped a session on sign-out", StringComparison.Ordinal));
        logs.Should().NotContain(l => l.Contains("ada-the-countess", StringComparison.Ordinal)
            || l.Contains(Ada.ToString(), StringComparison.OrdinalIgnoreCase)
            || l.Contains(cookie.Split('=', 2)[1], StringComparison.Ordinal)
            || l.Contains(second.Split('=', 2)[1], StringComparison.Ordinal));
    }
}
