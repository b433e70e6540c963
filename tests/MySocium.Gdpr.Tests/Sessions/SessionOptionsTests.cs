using System.Security.Claims;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Sessions;

namespace MySocium.Gdpr.Tests.Sessions;

public sealed class SessionOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = Bind().Sessions;

        options.StoreTickets.Should().BeTrue();
        options.WipeOnSignOut.Should().BeTrue();
        options.KeepConsentCookie.Should().BeTrue();
        options.KeepCookies.Should().BeEmpty();
        options.SubjectClaimType.Should().Be(ClaimTypes.NameIdentifier);
        options.ClearSiteData.Should().Be(ClearSiteDataTypes.Cache | ClearSiteDataTypes.Storage);
        options.ExpiredTicketCleanupInterval.Should().Be(TimeSpan.FromHours(1));
        options.KeyRotationClaimTypes.Should().Equal("AspNet.Identity.SecurityStamp");
    }

    [Fact]
    public void Configuration_BindsEverySetting()
    {
        var options = Bind(
            ("Gdpr:Sessions:StoreTickets", "false"),
            ("Gdpr:Sessions:WipeOnSignOut", "false"),
            ("Gdpr:Sessions:KeepConsentCookie", "false"),
            ("Gdpr:Sessions:KeepCookies:0", "lang*"),
            ("Gdpr:Sessions:SubjectClaimType", "sub"),
            ("Gdpr:Sessions:ClearSiteData", "Cache, Storage, Cookies"),
            ("Gdpr:Sessions:ExpiredTicketCleanupInterval", "00:10:00"),
            ("Gdpr:Sessions:KeyRotationClaimTypes:0", "app:session-version")).Sessions;

        options.StoreTickets.Should().BeFalse();
        options.WipeOnSignOut.Should().BeFalse();
        options.KeepConsentCookie.Should().BeFalse();
        options.KeepCookies.Should().Equal("lang*");
        options.SubjectClaimType.Should().Be("sub");
        options.ClearSiteData.Should().Be(ClearSiteDataTypes.Cache | ClearSiteDataTypes.Storage | ClearSiteDataTypes.Cookies);
        options.ExpiredTicketCleanupInterval.Should().Be(TimeSpan.FromMinutes(10));
        options.KeyRotationClaimTypes.Should().Contain("app:session-version");
    }

    [Theory]
    [InlineData("Gdpr:Sessions:KeepCookies:0", "lang cookie", "Gdpr:Sessions:KeepCookies:0")]
    [InlineData("Gdpr:Sessions:KeepCookies:0", "*", "Gdpr:Sessions:KeepCookies:0")]
    [InlineData("Gdpr:Sessions:SubjectClaimType", "", "Gdpr:Sessions:SubjectClaimType")]
    [InlineData("Gdpr:Sessions:ClearSiteData", "64", "Gdpr:Sessions:ClearSiteData")]
    [InlineData("Gdpr:Sessions:KeyRotationClaimTypes:0", " ", "Gdpr:Sessions:KeyRotationClaimTypes")]
    [InlineData("Gdpr:Sessions:ExpiredTicketCleanupInterval", "00:00:10", "Gdpr:Sessions:ExpiredTicketCleanupInterval")]
    [InlineData("Gdpr:Sessions:ExpiredTicketCleanupInterval", "2.00:00:00", "Gdpr:Sessions:ExpiredTicketCleanupInterval")]
    public void InvalidSetting_FailsValidationNamingIt(string key, string value, string named)
    {
        var bind = () => Bind((key, value));

        bind.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(named);
    }

    private static GdprOptions Bind(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddMySociumGdpr(configuration.GetSection("Gdpr"));
        return services.BuildServiceProvider().GetRequiredService<IOptions<GdprOptions>>().Value;
    }
}
