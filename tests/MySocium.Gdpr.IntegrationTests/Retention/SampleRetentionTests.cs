using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.IntegrationTests.Infrastructure;
using MySocium.Gdpr.Retention;
using MySocium.Gdpr.Sample.Data;

namespace MySocium.Gdpr.IntegrationTests.Retention;

/// <summary>The sample records each login's IP address and prunes it on the schedule in its settings.</summary>
public sealed class SampleRetentionTests
{
    [Fact]
    public async Task Login_IpAddress_IsTruncatedThenTheEventDeleted_OnTheConfiguredSchedule()
    {
        await using var app = new SampleAppFactory()
            .WithSetting("Gdpr:Retention:Entities:LoginEvent:AnonymizeAfter", "00:00:01")
            .WithSetting("Gdpr:Retention:Entities:LoginEvent:DeleteAfter", "00:00:03");
        await SampleAccounts.RegisterAndLogInAsync(app.CreateHttpClient(), "adalovelace", "ada.retention@example.test");
        var pruner = app.Services.GetRequiredService<IRetentionPruner>();
        var recorded = (await EventsAsync(app)).Should().ContainSingle().Subject;
        IPAddress.TryParse(recorded.IpAddress, out var address).Should().BeTrue();
        address!.GetAddressBytes()[^1].Should().NotBe(0, "the raw address of a loopback client ends in 1");

        await Task.Delay(TimeSpan.FromSeconds(1.2), TestContext.Current.CancellationToken);
        await pruner.PruneAsync(cancellationToken: TestContext.Current.CancellationToken);

        var anonymized = (await EventsAsync(app)).Should().ContainSingle().Subject;
        IPAddress.Parse(anonymized.IpAddress!).GetAddressBytes()[^1].Should().Be(0);
        anonymized.UserAgentHash.Should().Be(recorded.UserAgentHash);

        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        (await pruner.PruneAsync(cancellationToken: TestContext.Current.CancellationToken)).Deleted.Should().Be(1);
        (await EventsAsync(app)).Should().BeEmpty();
        pruner.Policies.Should().ContainSingle(p => p.Entity == nameof(LoginEvent) && p.AnonymizeAfter == TimeSpan.FromSeconds(1));
    }

    private static async Task<List<LoginEvent>> EventsAsync(SampleAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().LoginEvents.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
    }
}
