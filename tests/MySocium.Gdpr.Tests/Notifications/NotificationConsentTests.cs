using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Notifications;
using MySocium.Gdpr.Tests.Consent;

namespace MySocium.Gdpr.Tests.Notifications;

/// <summary>The consent banner's re-consent keys off the published policy version, on every instance, without a restart.</summary>
public sealed class NotificationConsentTests
{
    [Fact]
    public async Task PublishingAVersion_MakesEarlierConsentOutdated_OnEveryInstance()
    {
        await using var first = await ConsentHost.StartAsync(o => o.Notifications.PolicyRefreshInterval = TimeSpan.FromSeconds(1));
        await using var second = await ConsentHost.StartAsync(o => o.Notifications.PolicyRefreshInterval = TimeSpan.FromSeconds(1), databaseFile: first.DatabaseFile, rootKey: first.RootKey);
        var cookie = await first.ConsentCookieAsync(MySocium.Gdpr.Consent.ConsentCategories.Analytics);
        (await StateAsync(second, cookie)).GetProperty("status").GetString().Should().Be("decided");

        await first.Services.GetRequiredService<IGdprPolicyVersions>().PublishAsync("2027-01-01", "text", "We added a newsletter.", DateTimeOffset.UtcNow.AddMinutes(-1));

        var onFirst = await StateAsync(first, cookie);
        onFirst.GetProperty("status").GetString().Should().Be("outdated", "the publishing instance switches at once");
        onFirst.GetProperty("policyVersion").GetString().Should().Be("2027-01-01");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string? status;
        do
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            status = (await StateAsync(second, cookie)).GetProperty("status").GetString();
        }
        while (status != "outdated" && DateTime.UtcNow < deadline);

        status.Should().Be("outdated", "another instance sees the new version within its refresh interval, without a restart");
        var renewed = await second.ConsentCookieAsync(MySocium.Gdpr.Consent.ConsentCategories.Analytics);
        (await StateAsync(first, renewed)).GetProperty("status").GetString().Should().Be("decided", "a decision under the new version holds");
        (await first.LedgerAsync()).Select(r => r.PolicyVersion).Should().Equal("1", "2027-01-01");
        first.DeleteDatabase();
    }

    private static async Task<JsonElement> StateAsync(ConsentHost host, string cookie)
    {
        using var response = await host.GetAsync("/gdpr/consent", cookie);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
