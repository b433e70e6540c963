using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.IntegrationTests.Infrastructure;
using MySocium.Gdpr.Sample.Data;

namespace MySocium.Gdpr.IntegrationTests.Retention;

/// <summary>The sample records the client's address, trusting <c>X-Forwarded-For</c> only from the proxies it is configured with.</summary>
public sealed class SampleLoginEventTests
{
    private const string Forwarded = "203.0.113.7";

    [Fact]
    public async Task Login_ForwardedForFromAProxyNotConfigured_RecordsThePeer()
    {
        await using var app = new SampleAppFactory().WithSetting("ForwardedHeaders:KnownProxies:0", "192.0.2.1");

        var recorded = await LogInThroughProxyAsync(app);

        IPAddress.IsLoopback(IPAddress.Parse(recorded.IpAddress!)).Should().BeTrue();
        recorded.UserAgentHash.Should().MatchRegex("^[0-9a-f]{64}$");
        app.Logs.Entries.Should().NotContain(e => e.Message.Contains(Forwarded));
    }

    [Fact]
    public async Task Login_ForwardedForFromTheLoopbackProxy_RecordsTheForwardedAddress()
    {
        await using var app = new SampleAppFactory();

        var recorded = await LogInThroughProxyAsync(app);

        recorded.IpAddress.Should().Be(Forwarded);
        app.Logs.Entries.Should().NotContain(e => e.Message.Contains(Forwarded));
    }

    private static async Task<LoginEvent> LogInThroughProxyAsync(SampleAppFactory app)
    {
        var client = app.CreateHttpClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", Forwarded);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("SampleTest/1.0");
        await SampleAccounts.RegisterAndLogInAsync(client, "gracehopper", "grace.proxy@example.test");
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().LoginEvents.AsNoTracking()
            .SingleAsync(TestContext.Current.CancellationToken);
    }
}
