using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.IntegrationTests.Infrastructure;
using MySocium.Gdpr.Notifications;

namespace MySocium.Gdpr.IntegrationTests.Notifications;

/// <summary>The sample's mail over real SMTP: account created, password changed, account erased, policy updated.</summary>
public sealed class SampleNotificationTests(SmtpServerFixture smtp) : IClassFixture<SmtpServerFixture>
{
    [Fact]
    public async Task Register_AndChangePassword_SendTheirMail()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SampleAppFactory().WithSmtp(smtp);
        var client = app.CreateHttpClient();

        await SampleAccounts.RegisterAndLogInAsync(client, "adamail", "ada.sample@example.test");
        var created = await smtp.WaitForMessageAsync(m => m.IsTo("ada.sample@example.test") && m.Subject.Contains("was created", StringComparison.Ordinal));
        var change = await client.PostAsJsonAsync("/api/account/password", new { currentPassword = SampleAccounts.Password, newPassword = "an even better passphrase 43" }, ct);
        change.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var changed = await smtp.WaitForMessageAsync(m => m.IsTo("ada.sample@example.test") && m.Subject.Contains("password", StringComparison.Ordinal));

        created.EnvelopeFrom.Should().Be("noreply@sample.test");
        created.TextBody.Should().Contain("An account at").And.Contain("was created with this email address");
        changed.TextBody.Should().Contain("was changed").And.Contain("From: the network 127.0.0.0/24");
        changed.HtmlBody.Should().Contain("was changed");
        changed.Message.Headers.Contains("List-Unsubscribe").Should().BeFalse();
    }

    [Fact]
    public async Task DeleteAccount_MailsTheAddressItHad_AndSuppressesIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SampleAppFactory().WithSmtp(smtp);
        var client = app.CreateHttpClient();
        await SampleAccounts.RegisterAndLogInAsync(client, "adaerased", "ada.gone@example.test");

        var delete = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/account") { Content = JsonContent.Create(new { password = SampleAccounts.Password }) }, ct);

        delete.StatusCode.Should().Be(HttpStatusCode.OK);
        var notice = await smtp.WaitForMessageAsync(m => m.IsTo("ada.gone@example.test") && m.Subject.Contains("was erased", StringComparison.Ordinal));
        notice.TextBody.Should().Contain("were erased");
        (await app.Services.GetRequiredService<IGdprNotifier>().IsSuppressedAsync("ada.gone@example.test", ct)).Should().BeTrue();
    }

    [Fact]
    public async Task PublishingAPolicyVersion_NotifiesEveryUser_AndTheBannerAsksAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SampleAppFactory().WithSmtp(smtp);
        var client = app.CreateHttpClient();
        var ada = await SampleAccounts.RegisterAndLogInAsync(client, "adapolicy", "ada.policy@example.test");
        ListAsPublisher(app, ada);
        await SampleAccounts.RegisterAndLogInAsync(app.CreateHttpClient(), "gracepolicy", "grace.policy@example.test");
        (await client.PostAsJsonAsync("/gdpr/consent", new { categories = new[] { "analytics" } }, ct)).EnsureSuccessStatusCode();

        var publish = await client.PostAsJsonAsync("/api/policy/versions", new { version = "2027-02-01", summary = "We now keep login IPs for 30 days.", text = "The whole policy.", effectiveAt = "" }, ct);

        publish.StatusCode.Should().Be(HttpStatusCode.Created, await publish.Content.ReadAsStringAsync(ct));
        foreach (var address in new[] { "ada.policy@example.test", "grace.policy@example.test" })
        {
            var notice = await smtp.WaitForMessageAsync(m => m.IsTo(address) && m.Subject.Contains("privacy policy", StringComparison.Ordinal));
            notice.TextBody.Should().Contain("version 2027-02-01").And.Contain("We now keep login IPs for 30 days.");
        }

        var consent = await client.GetFromJsonAsync<JsonElement>("/gdpr/consent", ct);
        consent.GetProperty("policyVersion").GetString().Should().Be("2027-02-01");
        consent.GetProperty("status").GetString().Should().Be("outdated");
        var versions = await client.GetFromJsonAsync<JsonElement>("/api/policy/versions", ct);
        versions.GetProperty("current").GetString().Should().Be("2027-02-01");
        (await app.CreateHttpClient().GetAsync("/policy-versions", ct)).StatusCode.Should().Be(HttpStatusCode.Redirect, "publishing needs a signed-in user");
    }

    [Fact]
    public async Task PublishingAPolicyVersion_IsForbiddenToAccountsNotListedAsPublishers()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new SampleAppFactory();
        var publisher = app.CreateHttpClient();
        var member = app.CreateHttpClient();
        ListAsPublisher(app, await SampleAccounts.RegisterAndLogInAsync(publisher, "adapublisher", "ada.publisher@example.test"));
        await SampleAccounts.RegisterAndLogInAsync(member, "gracemember", "grace.member@example.test");

        var publish = await member.PostAsJsonAsync("/api/policy/versions", new { version = "2027-03-01", summary = "s", text = "t", effectiveAt = "" }, ct);

        publish.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await member.GetFromJsonAsync<JsonElement>("/api/policy/versions", ct)).GetProperty("versions").GetArrayLength().Should().Be(0, "nothing was published");
        (await member.GetStringAsync("/policy-versions", ct)).Should().Contain("id=\"publish-forbidden\"").And.NotContain("id=\"policy-form\"");
        (await publisher.GetStringAsync("/policy-versions", ct)).Should().Contain("id=\"policy-form\"");
    }

    /// <summary>Lists the account under Sample:PolicyPublishers in the running app's configuration, which the policy reads at each request.</summary>
    private static void ListAsPublisher(SampleAppFactory app, Guid account)
        => app.Services.GetRequiredService<IConfiguration>()["Sample:PolicyPublishers:0"] = account.ToString();
}
