using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.Consent;

namespace MySocium.Gdpr.Tests.DependencyInjection;

public class OptionsValidationTests
{
    public static TheoryData<string, Action<GdprOptions>> BadSettings => new()
    {
        { "Gdpr:Consent:CookieName", o => o.Consent.CookieName = "consent cookie" },
        { "Gdpr:Consent:PolicyVersion", o => o.Consent.PolicyVersion = "" },
        { "Gdpr:Consent:Lifetime", o => o.Consent.Lifetime = TimeSpan.Zero },
        { "Gdpr:Consent:Categories:0", o => o.Consent.Categories.Add("Video!") },
        { "Gdpr:Consent:Categories:1", o => { o.Consent.Categories.Add("video"); o.Consent.Categories.Add("analytics"); } },
        { "Gdpr:Consent:Cookies:0:Name", o => o.Consent.Cookies.Add(new GdprCookieDeclaration { Name = "a b", Category = "analytics" }) },
        { "Gdpr:Consent:Cookies:0:Category", o => o.Consent.Cookies.Add(new GdprCookieDeclaration { Name = "_ga*", Category = "tracking" }) },
        { "Gdpr:Consent:Cookies:0:Path", o => o.Consent.Cookies.Add(new GdprCookieDeclaration { Name = "theme", Category = "preferences", Path = "settings" }) },
        { "Gdpr:Consent:RefusedByGlobalPrivacyControl:1", o => o.Consent.RefusedByGlobalPrivacyControl.Add(ConsentCategories.Necessary) },
        { "Gdpr:Https:Port", o => o.Https.Port = 70000 },
        { "Gdpr:Https:HstsMaxAge", o => o.Https.HstsMaxAge = TimeSpan.FromDays(-1) },
        { "Gdpr:Encryption:KeyActivationDelay", o => o.Encryption.KeyActivationDelay = TimeSpan.FromDays(31) },
        { "Gdpr:Encryption:KeyRefreshInterval", o => o.Encryption.KeyRefreshInterval = TimeSpan.Zero },
        { "Gdpr:Encryption:BatchSize", o => o.Encryption.BatchSize = 0 },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Validation_NamesTheBadSetting(string setting, Action<GdprOptions> configure)
    {
        var services = new ServiceCollection().AddMySociumGdpr(configure).Services.BuildServiceProvider();

        var read = () => services.GetRequiredService<IOptions<GdprOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().Which.Failures.Should().Contain(f => f.Contains(setting, StringComparison.Ordinal));
    }

    [Fact]
    public void Validation_AcceptsHostCategoriesAndTheirCookies()
    {
        var services = new ServiceCollection().AddMySociumGdpr(o =>
        {
            o.Consent.Categories.Add("video");
            o.Consent.Cookies.Add(new GdprCookieDeclaration { Name = "yt*", Category = "video", Path = "/watch" });
            o.Consent.RefusedByGlobalPrivacyControl.Add("video");
        }).Services.BuildServiceProvider();

        services.GetRequiredService<IOptions<GdprOptions>>().Value.Consent.Categories.Should().Equal("video");
    }
}
