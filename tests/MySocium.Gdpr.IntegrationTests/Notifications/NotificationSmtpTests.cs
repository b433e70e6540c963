using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MySocium.Gdpr.IntegrationTests.Infrastructure;
using MySocium.Gdpr.MailKit;
using MySocium.Gdpr.Notifications;
using MySocium.Gdpr.Tests.Notifications;

namespace MySocium.Gdpr.IntegrationTests.Notifications;

/// <summary>Mail delivered for real: the library's outbox, MailKit, SMTP on loopback, and the received MIME.</summary>
public sealed class NotificationSmtpTests(SmtpServerFixture smtp) : IClassFixture<SmtpServerFixture>
{
    [Fact]
    public async Task AccountMail_ArrivesOverSmtp_WithItsRecipientHeadersAndBothBodies()
    {
        await using var host = await StartAsync(smtp.Port);

        await host.Notifier.NotifyAsync(new GdprAccountActivity
        {
            Kind = GdprAccountActivityKind.PasswordChanged,
            Email = "ada.account@example.test",
            Name = "Ada Lovelace",
            IpAddress = IPAddress.Parse("2001:db8:1234:5678::1"),
        });

        var received = await smtp.WaitForMessageAsync(m => m.IsTo("ada.account@example.test"));
        received.EnvelopeTo.Should().Equal("ada.account@example.test");
        received.EnvelopeFrom.Should().Be("noreply@app.example.test");
        received.Message.To.Mailboxes.Should().ContainSingle().Which.Name.Should().Be("Ada Lovelace");
        received.Message.From.Mailboxes.Single().Name.Should().Be("Example");
        received.Subject.Should().Be("Your password at Example was changed");
        received.Message.Headers["Auto-Submitted"].Should().Be("auto-generated");
        received.Message.Headers.Contains("List-Unsubscribe").Should().BeFalse("account mail is not bulk mail");
        received.TextBody.Should().Contain("The password of your account at Example was changed.").And.Contain("2001:db8:1234::/48").And.Contain("If this wasn't you");
        received.HtmlBody.Should().Contain("<p>The password of your account at Example was changed.</p>").And.Contain("2001:db8:1234::/48");
        var row = await WaitUntilSentAsync(host, 1);
        received.Message.MessageId.Should().StartWith(row.Single().Id.ToString("N"), "the outbox id identifies a resent message");
    }

    [Fact]
    public async Task BulkMail_CarriesTheRfc8058Pair_AndItsOneClickPostUnsubscribes()
    {
        await using var host = await StartAsync(smtp.Port);
        await host.Notifier.RecordOptInAsync("grace.bulk@example.test", "newsletter form", "submission 42");

        (await host.Notifier.SendBulkAsync("grace.bulk@example.test", "Grace", new GdprMailContent("Spring news", "We shipped things.", "<p>We shipped things.</p>"))).Should().BeTrue();

        var received = await smtp.WaitForMessageAsync(m => m.IsTo("grace.bulk@example.test"));
        var listUnsubscribe = received.Message.Headers["List-Unsubscribe"];
        listUnsubscribe.Should().StartWith("<https://app.example.test/gdpr/unsubscribe?token=").And.EndWith(">");
        received.Message.Headers["List-Unsubscribe-Post"].Should().Be("List-Unsubscribe=One-Click");
        var url = new Uri(listUnsubscribe.Trim('<', '>'));
        received.TextBody.Should().Contain("We shipped things.").And.Contain(url.AbsoluteUri);
        received.HtmlBody.Should().Contain("Unsubscribe</a>");

        // What a mail client does for RFC 8058: POST the header's URL with this body, no cookies.
        using var client = host.CreateClient();
        using var response = await client.PostAsync(url.PathAndQuery, new StringContent("List-Unsubscribe=One-Click", Encoding.ASCII, "application/x-www-form-urlencoded"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.Notifier.IsSuppressedAsync("grace.bulk@example.test")).Should().BeTrue();
        (await host.Notifier.SendBulkAsync("grace.bulk@example.test", "Grace", new GdprMailContent("More news", "x", "<p>x</p>"))).Should().BeFalse();
    }

    [Fact]
    public async Task LineBreaksInNamesAndSubjects_NeverBecomeHeaders()
    {
        await using var host = await StartAsync(smtp.Port);
        await host.Notifier.RecordOptInAsync("mallet.target@example.test", "newsletter form");

        await host.Notifier.NotifyAsync(new GdprAccountActivity
        {
            Kind = GdprAccountActivityKind.AccountCreated,
            Email = "mallet.target@example.test",
            Name = "Ada\r\nBcc: mallory@evil.test",
        });
        await host.Notifier.SendBulkAsync("mallet.target@example.test", "Ada\nBcc: mallory@evil.test", new GdprMailContent("News\r\nBcc: mallory@evil.test", "x", "<p>x</p>"));

        // The sender alone, handed line breaks directly: MimeKit encodes them.
        await host.Services.GetRequiredService<IGdprNotificationSender>().SendAsync(
            new GdprMailMessage { Id = Guid.NewGuid(), Kind = "Test", To = "mallet.direct@example.test", ToName = "Eve\r\nBcc: mallory@evil.test", Subject = "Hi\r\nBcc: mallory@evil.test", TextBody = "x", HtmlBody = "<p>x</p>" },
            TestContext.Current.CancellationToken);

        var messages = new[]
        {
            await smtp.WaitForMessageAsync(m => m.IsTo("mallet.target@example.test") && m.Subject.StartsWith("Your account", StringComparison.Ordinal)),
            await smtp.WaitForMessageAsync(m => m.IsTo("mallet.target@example.test") && m.Subject.StartsWith("News", StringComparison.Ordinal)),
            await smtp.WaitForMessageAsync(m => m.IsTo("mallet.direct@example.test")),
        };
        foreach (var message in messages)
        {
            message.EnvelopeTo.Should().ContainSingle();
            message.Message.Bcc.Count.Should().Be(0);
            message.Message.Headers.Contains("Bcc").Should().BeFalse();
            var headers = Encoding.ASCII.GetString(message.Raw).ReplaceLineEndings("\n").Split("\n\n")[0];
            headers.Split('\n').Should().NotContain(line => line.StartsWith("Bcc:", StringComparison.OrdinalIgnoreCase));
        }

        messages[0].Message.To.Mailboxes.Single().Name.Should().Be("Ada  Bcc: mallory@evil.test");
        messages[0].TextBody.Should().Contain("Hello Ada  Bcc: mallory@evil.test,", "the greeting stays on one line too");
        messages[1].Subject.Should().Be("News  Bcc: mallory@evil.test");
        smtp.Messages.Should().NotContain(m => m.IsTo("mallory@evil.test"));
    }

    [Fact]
    public async Task SmtpDownThenUp_EveryQueuedMessageArrivesOnce()
    {
        var port = LoopbackPort.GetFree();
        await using var host = await StartAsync(port, o =>
        {
            o.Notifications.RetryDelay = TimeSpan.FromMilliseconds(200);
            o.Notifications.MaxRetryDelay = TimeSpan.FromMilliseconds(400);
            o.Notifications.PollInterval = TimeSpan.FromSeconds(1);
        });
        var addresses = Enumerable.Range(1, 3).Select(i => $"down{i}@example.test").ToList();
        foreach (var address in addresses)
        {
            await host.Notifier.NotifyAsync(new GdprAccountActivity { Kind = GdprAccountActivityKind.AccountCreated, Email = address });
        }

        await WaitAsync(async () => (await host.OutboxAsync()).All(m => m.Attempts >= 2), "every message failed at least twice while the server was down");
        (await host.OutboxAsync()).Should().OnlyContain(m => m.SentAt == null && m.LastError != null && m.To != null, "nothing is dropped");

        await using var server = await SmtpServerFixture.StartAsync(port);
        foreach (var address in addresses)
        {
            await server.WaitForMessageAsync(m => m.IsTo(address), TimeSpan.FromSeconds(15));
        }

        await WaitUntilSentAsync(host, 3);
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        server.Messages.Should().HaveCount(3, "each message once");
    }

    [Fact]
    public async Task SmtpSettings_AreValidatedOnStart_NamingTheKeys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([
            new("Smtp:Host", ""), new("Smtp:Port", "0"), new("Smtp:From", "not an address"), new("Smtp:UserName", "mailer"),
        ]).Build();
        var services = new ServiceCollection();
        services.AddMySociumGdpr().AddMailKitDelivery(configuration.GetSection("Smtp"));
        await using var provider = services.BuildServiceProvider();

        var read = () => provider.GetRequiredService<IOptions<GdprSmtpOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().Which.Failures.Should().BeEquivalentTo([
            "Smtp:Host must be the SMTP server's host name or IP address, such as 'smtp.example.com'.",
            "Smtp:Port must be a TCP port from 1 to 65535.",
            "Smtp:From must be the sender's address, optionally with a display name, such as 'Example <noreply@example.org>'.",
            "Smtp:UserName and Smtp:Password go together: set both to authenticate, or neither.",
        ]);
    }

    private static Task<NotificationHost> StartAsync(int port, Action<GdprOptions>? configure = null)
        => NotificationHost.CreateAsync(
            configure: o =>
            {
                o.Notifications.PollInterval = TimeSpan.FromSeconds(1);
                configure?.Invoke(o);
            },
            services: s => s.AddMySociumGdpr().AddMailKitDelivery(o =>
            {
                o.Host = "127.0.0.1";
                o.Port = port;
                o.Security = GdprSmtpSecurity.None;
                o.From = "Example <noreply@app.example.test>";
                o.Timeout = TimeSpan.FromSeconds(5);
            }),
            start: true);

    private static async Task<List<GdprOutboxMessage>> WaitUntilSentAsync(NotificationHost host, int count)
    {
        await WaitAsync(async () => (await host.OutboxAsync()).Count(m => m.SentAt != null) == count, $"{count} messages marked sent");
        var rows = await host.OutboxAsync();
        rows.Should().OnlyContain(m => m.To == null && m.TextBody == null && m.HtmlBody == null && m.Subject == null, "a sent message keeps no address or body");
        return rows;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"waiting until {what}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
