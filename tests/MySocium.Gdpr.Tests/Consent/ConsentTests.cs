using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Consent;

namespace MySocium.Gdpr.Tests.Consent;

public sealed class ConsentTests : IAsyncLifetime
{
    private ConsentHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ConsentHost.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _host.DeleteDatabase();
    }

    [Fact]
    public async Task NoDecision_DropsEveryOptionalAndUndeclaredCookie_KeepsNecessaryOnes()
    {
        using var response = await _host.GetAsync($"/set?names={ConsentHost.AnalyticsCookie},{ConsentHost.MarketingCookie}id,{ConsentHost.PreferencesCookie},undeclared,.AspNetCore.Antiforgery.x1");

        ConsentHost.SetCookies(response).Should().ContainSingle().Which.Should().StartWith(".AspNetCore.Antiforgery.x1=");
        _host.Logged.Should().ContainSingle(m => m.Contains("undeclared", StringComparison.Ordinal) && m.Contains("Gdpr:Consent:Cookies", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Decision_AllowsExactlyTheGrantedCategories()
    {
        var consent = await _host.ConsentCookieAsync(ConsentCategories.Analytics);

        using var response = await _host.GetAsync($"/set?names={ConsentHost.AnalyticsCookie},{ConsentHost.MarketingCookie}id,{ConsentHost.PreferencesCookie}", consent);

        ConsentHost.SetCookies(response).Should().ContainSingle().Which.Should().StartWith(ConsentHost.AnalyticsCookie + "=");
    }

    [Fact]
    public async Task Post_SetsASignedHttpOnlyLaxCookie_AndAnswersTheState()
    {
        using var response = await _host.DecideAsync([ConsentCategories.Analytics, ConsentCategories.Necessary]);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var cookie = ConsentHost.SetCookies(response).Should().ContainSingle().Subject;
        cookie.Should().StartWith(".MySocium.Consent=").And.Contain("httponly").And.Contain("samesite=lax").And.Contain("path=/").And.Contain("expires=");
        var state = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        state.GetProperty("status").GetString().Should().Be("decided");
        state.GetProperty("needsDecision").GetBoolean().Should().BeFalse();
        Granted(state).Should().BeEquivalentTo(ConsentCategories.Necessary, ConsentCategories.Analytics);
        state.GetProperty("googleConsentMode").GetProperty("analytics_storage").GetString().Should().Be("granted");
        state.GetProperty("googleConsentMode").GetProperty("ad_storage").GetString().Should().Be("denied");
    }

    [Fact]
    public async Task Get_WithoutCookie_IsUndecided()
    {
        var state = await StateAsync(null);

        state.GetProperty("status").GetString().Should().Be("undecided");
        state.GetProperty("needsDecision").GetBoolean().Should().BeTrue();
        Granted(state).Should().Equal(ConsentCategories.Necessary);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("forged")]
    [InlineData("truncated")]
    [InlineData("oversized")]
    [InlineData("malformed")]
    [InlineData("empty")]
    [InlineData("invalid character")]
    public async Task BadConsentCookie_CountsAsNoDecision_NeverAnError(string kind)
    {
        var valid = await _host.ConsentCookieAsync(ConsentCategories.Analytics, ConsentCategories.Marketing);
        var bad = kind switch
        {
            "flip" => valid[..20] + (valid[20] == 'A' ? 'B' : 'A') + valid[21..],
            "forged" => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(77)).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            "truncated" => valid[..^4],
            "oversized" => valid + new string('A', 3000),
            "malformed" => "%%%<script>\"" + valid[14..],
            "invalid character" => valid[..30] + "!" + valid[31..],
            _ => "",
        };

        using var response = await _host.GetAsync($"/set?names={ConsentHost.AnalyticsCookie}", bad);
        var state = await StateAsync(bad);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        ConsentHost.SetCookies(response).Should().BeEmpty("a cookie that does not verify grants nothing");
        state.GetProperty("status").GetString().Should().Be("undecided");
    }

    [Fact]
    public async Task CookieSignedByAnotherApplication_CountsAsNoDecision()
    {
        await using var other = await ConsentHost.StartAsync();
        var foreign = await other.ConsentCookieAsync(ConsentCategories.Analytics);

        var state = await StateAsync(foreign);

        state.GetProperty("status").GetString().Should().Be("undecided");
        other.DeleteDatabase();
    }

    [Fact]
    public async Task Withdrawal_ExpiresTheCategorysCookies_OnEveryDeclaredPath_IncludingHttpOnlyOnes()
    {
        var consent = await _host.ConsentCookieAsync(ConsentCategories.Analytics, ConsentCategories.Marketing);

        using var response = await _host.DecideAsync([ConsentCategories.Marketing], consent, $"{ConsentHost.AnalyticsCookie}=1; {ConsentHost.MarketingCookie}x=2; other=3");

        var expired = ConsentHost.SetCookies(response).Where(c => c.Contains("1970", StringComparison.Ordinal)).ToList();
        expired.Should().Contain(c => c.StartsWith(ConsentHost.AnalyticsCookie + "=;", StringComparison.Ordinal) && c.Contains("path=/stats", StringComparison.Ordinal));
        expired.Should().Contain(c => c.StartsWith(ConsentHost.AnalyticsCookie + "=;", StringComparison.Ordinal) && (c.Contains("path=/;", StringComparison.Ordinal) || c.EndsWith("path=/", StringComparison.Ordinal)));
        expired.Should().OnlyContain(c => c.StartsWith(ConsentHost.AnalyticsCookie + "=", StringComparison.Ordinal), "marketing is still granted, and an undeclared cookie is not the library's to remove");
        var ledger = await _host.LedgerAsync();
        ledger[^1].Withdrawn.Should().Be(ConsentCategories.Analytics);
        ledger[^1].Granted.Should().Be(ConsentCategories.Marketing);
    }

    [Fact]
    public async Task RequestCookieOfARefusedCategory_IsExpiredOnAnyRequest()
    {
        using var response = await _host.GetAsync("/gdpr/consent", otherCookies: $"{ConsentHost.PreferencesCookie}=dark");

        ConsentHost.SetCookies(response).Should().Contain(c => c.StartsWith(ConsentHost.PreferencesCookie + "=;", StringComparison.Ordinal) && c.Contains("1970", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuthenticationCookie_WithoutPreferences_LastsOnlyTheBrowserSession()
    {
        using var refused = await _host.GetAsync("/signin");
        var consent = await _host.ConsentCookieAsync(ConsentCategories.Preferences);
        using var granted = await _host.GetAsync("/signin", consent);

        ConsentHost.SetCookies(refused).Should().ContainSingle(c => c.StartsWith(".AspNetCore.Cookies=", StringComparison.Ordinal))
            .Which.Should().NotContain("expires=").And.NotContain("max-age=");
        ConsentHost.SetCookies(granted).Should().ContainSingle(c => c.StartsWith(".AspNetCore.Cookies=", StringComparison.Ordinal))
            .Which.Should().Contain("expires=");
    }

    [Fact]
    public async Task GlobalPrivacyControl_IsReported_AndTheWellKnownFileIsServed()
    {
        using var response = await _host.GetAsync("/gdpr/consent", configure: r => r.Headers.Add("Sec-GPC", "1"));
        var state = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        using var wellKnown = await _host.GetAsync("/.well-known/gpc.json");

        state.GetProperty("globalPrivacyControl").GetBoolean().Should().BeTrue();
        state.GetProperty("categories").EnumerateArray()
            .Where(c => c.GetProperty("refusedByGlobalPrivacyControl").GetBoolean())
            .Select(c => c.GetProperty("name").GetString())
            .Should().Equal(ConsentCategories.Marketing);
        wellKnown.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await wellKnown.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("gpc").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task GlobalPrivacyControl_DoesNotOverrideAnExplicitChoice()
    {
        var consent = await _host.ConsentCookieAsync(ConsentCategories.Marketing);

        using var response = await _host.GetAsync($"/set?names={ConsentHost.MarketingCookie}id", consent, configure: r => r.Headers.Add("Sec-GPC", "1"));

        ConsentHost.SetCookies(response).Should().ContainSingle().Which.Should().StartWith(ConsentHost.MarketingCookie + "id=");
    }

    [Theory]
    [InlineData("{\"categories\":[\"tracking\"]}", HttpStatusCode.BadRequest)]
    [InlineData("{\"method\":\"banner\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"categories\":[],\"method\":\"globalPrivacyControl\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"categories\":[],\"method\":\"carrier pigeon\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"categories\":", HttpStatusCode.BadRequest)]
    [InlineData("[1,2,3]", HttpStatusCode.BadRequest)]
    public async Task Post_WithABadBody_Answers400_AndChangesNothing(string body, HttpStatusCode expected)
    {
        using var response = await _host.Client.PostAsync("/gdpr/consent", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(expected);
        ConsentHost.SetCookies(response).Should().BeEmpty();
        (await _host.LedgerAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Post_AsAForm_Answers415()
    {
        using var response = await _host.Client.PostAsync(
            "/gdpr/consent", new FormUrlEncodedContent([new("categories", "marketing")]), TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await _host.LedgerAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Post_FromAnotherSite_Answers403()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/gdpr/consent") { Content = JsonContent.Create(new { categories = new[] { "marketing" } }) };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await _host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await _host.LedgerAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task TrackingConsentFeature_GrantConsent_GrantsEveryOptionalCategory_AndIsRecorded()
    {
        using var response = await _host.Client.PostAsync("/tracking/grant", null, TestContext.Current.CancellationToken);
        var cookie = ConsentHost.SetCookies(response).Single(c => c.StartsWith(".MySocium.Consent=", StringComparison.Ordinal)).Split(';')[0][".MySocium.Consent=".Length..];

        Granted(await StateAsync(cookie)).Should().BeEquivalentTo(ConsentCategories.Necessary, ConsentCategories.Preferences, ConsentCategories.Analytics, ConsentCategories.Marketing);
        (await _host.LedgerAsync()).Should().ContainSingle().Which.Method.Should().Be(nameof(ConsentMethod.Api));
    }

    [Fact]
    public async Task TrackingConsentFeature_CreateConsentCookie_IsRefusedWithAReason()
    {
        var feature = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        var service = _host.Services.GetRequiredService<ConsentService>();
        var tracking = (ITrackingConsentFeature)service.Read(feature);

        tracking.CanTrack.Should().BeFalse();
        tracking.Invoking(t => t.CreateConsentCookie()).Should().Throw<NotSupportedException>().WithMessage("*POST /gdpr/consent*");
    }

    private async Task<JsonElement> StateAsync(string? consentCookie)
    {
        using var response = await _host.GetAsync("/gdpr/consent", consentCookie);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    private static List<string?> Granted(JsonElement state) => [.. state.GetProperty("categories").EnumerateArray()
        .Where(c => c.GetProperty("granted").GetBoolean())
        .Select(c => c.GetProperty("name").GetString())];
}
