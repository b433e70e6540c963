using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Notifications;

namespace MySocium.Gdpr.Tests.Notifications;

public sealed class NotificationOptionsTests
{
    [Theory]
    [InlineData("BaseUrl", "/relative", "Gdpr:Notifications:BaseUrl must be an absolute http or https address*")]
    [InlineData("PolicyUrl", "ftp://example.org/policy", "Gdpr:Notifications:PolicyUrl must be an absolute http or https address*")]
    [InlineData("PollInterval", "00:00:00", "Gdpr:Notifications:PollInterval must be between one second and one hour.")]
    [InlineData("BatchSize", "0", "Gdpr:Notifications:BatchSize must be between 1 and 1000.")]
    [InlineData("RetryDelay", "02:00:00", "Gdpr:Notifications:RetryDelay must be between 100 milliseconds and one hour.")]
    [InlineData("MaxRetryDelay", "00:00:01", "Gdpr:Notifications:MaxRetryDelay (00:00:01) must not be shorter than Gdpr:Notifications:RetryDelay (00:00:30).")]
    [InlineData("ClaimDuration", "00:00:01", "Gdpr:Notifications:ClaimDuration must be between ten seconds and one hour.")]
    [InlineData("PolicyRefreshInterval", "1.00:00:00", "Gdpr:Notifications:PolicyRefreshInterval must be between one second and one hour.")]
    [InlineData("PolicyNoticeBatchSize", "20000", "Gdpr:Notifications:PolicyNoticeBatchSize must be between 1 and 10000.")]
    [InlineData("SentRetention", "00:59:59", "Gdpr:Notifications:SentRetention must be between one hour and 3650 days.")]
    [InlineData("UnsubscribeLinkLifetime", "00:10:00", "Gdpr:Notifications:UnsubscribeLinkLifetime must be between 1 and 3650 days.")]
    [InlineData("ServiceName", " ", "Gdpr:Notifications:ServiceName must be a name on one line*")]
    public void BadSetting_FailsNamingTheKey(string setting, string value, string message)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new($"Gdpr:Notifications:{setting}", value)])
            .Build();
        var services = new ServiceCollection();
        services.AddMySociumGdpr(configuration.GetSection("Gdpr"));
        using var provider = services.BuildServiceProvider();

        var read = () => provider.GetRequiredService<IOptions<GdprOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().Which.Failures.Should().Contain(f => MatchesWildcard(f, message));
    }

    [Fact]
    public void Defaults_AreValid()
    {
        var services = new ServiceCollection();
        services.AddMySociumGdpr();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<GdprOptions>>().Value.Notifications.Should().BeEquivalentTo(new GdprNotificationOptions());
    }

    private static bool MatchesWildcard(string text, string pattern)
        => Regex.IsMatch(text, "^.*" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$");
}
