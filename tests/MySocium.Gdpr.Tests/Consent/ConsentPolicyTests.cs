using System.Net.Http.Json;
using System.Text.Json;
using MySocium.Gdpr.Consent;

namespace MySocium.Gdpr.Tests.Consent;

public sealed class ConsentPolicyTests
{
    [Fact]
    public async Task NewPolicyVersion_MakesEarlierDecisionsOutdated()
    {
        var (cookie, file, rootKey) = await DecideOnFirstHostAsync(o => o.Consent.PolicyVersion = "1");
        await using var host = await ConsentHost.StartAsync(o => o.Consent.PolicyVersion = "2", databaseFile: file, rootKey: rootKey);

        await AssertAsksAgainAsync(host, cookie, "outdated");
        host.DeleteDatabase();
    }

    [Fact]
    public async Task ChangedCookieDeclarations_MakeEarlierDecisionsOutdated()
    {
        var (cookie, file, rootKey) = await DecideOnFirstHostAsync(null);
        await using var host = await ConsentHost.StartAsync(
            o => o.Consent.Cookies.Add(new GdprCookieDeclaration { Name = "heatmap", Category = ConsentCategories.Analytics, Purpose = "Records clicks" }),
            databaseFile: file,
            rootKey: rootKey);

        await AssertAsksAgainAsync(host, cookie, "outdated");
        host.DeleteDatabase();
    }

    [Fact]
    public async Task SamePolicy_OnAnotherInstance_KeepsTheDecision()
    {
        var (cookie, file, rootKey) = await DecideOnFirstHostAsync(null);
        await using var host = await ConsentHost.StartAsync(databaseFile: file, rootKey: rootKey);

        var state = await StateAsync(host, cookie);

        state.GetProperty("status").GetString().Should().Be("decided");
        host.DeleteDatabase();
    }

    [Fact]
    public async Task DecisionOlderThanItsLifetime_HasExpired()
    {
        var time = new ManualTime(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var host = await ConsentHost.StartAsync(o => o.Consent.Lifetime = TimeSpan.FromDays(30), time: time);
        var cookie = await host.ConsentCookieAsync(ConsentCategories.Analytics);

        time.Now += TimeSpan.FromDays(29);
        (await StateAsync(host, cookie)).GetProperty("status").GetString().Should().Be("decided");
        time.Now += TimeSpan.FromDays(2);
        await AssertAsksAgainAsync(host, cookie, "expired");
        host.DeleteDatabase();
    }

    private static async Task<(string Cookie, string File, string RootKey)> DecideOnFirstHostAsync(Action<GdprOptions>? configure)
    {
        await using var first = await ConsentHost.StartAsync(configure);
        return (await first.ConsentCookieAsync(ConsentCategories.Analytics), first.DatabaseFile, first.RootKey);
    }

    private static async Task AssertAsksAgainAsync(ConsentHost host, string cookie, string status)
    {
        var state = await StateAsync(host, cookie);
        using var response = await host.GetAsync($"/set?names={ConsentHost.AnalyticsCookie}", cookie);

        state.GetProperty("status").GetString().Should().Be(status);
        state.GetProperty("needsDecision").GetBoolean().Should().BeTrue();
        ConsentHost.SetCookies(response).Should().BeEmpty("only a current decision grants anything");
    }

    private static async Task<JsonElement> StateAsync(ConsentHost host, string cookie)
    {
        using var response = await host.GetAsync("/gdpr/consent", cookie);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
