using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MySocium.Gdpr.IntegrationTests.Infrastructure;

namespace MySocium.Gdpr.IntegrationTests.InfrastructureTests;

public class SmtpServerFixtureTests(SmtpServerFixture smtp) : IClassFixture<SmtpServerFixture>
{
    [Fact]
    public async Task Smtp_SendWithMailKit_MessageArrivesWithSubjectAndBodyIntact()
    {
        var ct = TestContext.Current.CancellationToken;
        const string subject = "Your account was created — willkommen ✓";
        const string body = "Hello Zoë,\n.a line that starts with a dot survives dot-stuffing\n\nRegards";
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Sample", "noreply@sample.test"));
        message.To.Add(new MailboxAddress("Zoë", "zoe@example.test"));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };

        using (var client = new SmtpClient())
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, SecureSocketOptions.None, ct);
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(quit: true, ct);
        }

        var received = await smtp.WaitForMessageAsync(m => m.IsTo("zoe@example.test"), cancellationToken: ct);
        received.EnvelopeFrom.Should().Be("noreply@sample.test");
        received.Subject.Should().Be(subject);
        received.TextBody.ReplaceLineEndings("\n").TrimEnd().Should().Be(body);
    }

    [Fact]
    public async Task Smtp_WaitForMessage_WhenNoneMatches_FailsListingWhatArrived()
    {
        var ct = TestContext.Current.CancellationToken;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse("noreply@sample.test"));
        message.To.Add(MailboxAddress.Parse("someone@example.test"));
        message.Subject = "Something else";
        message.Body = new TextPart("plain") { Text = "irrelevant" };
        using (var client = new SmtpClient())
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, SecureSocketOptions.None, ct);
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(quit: true, ct);
        }

        var wait = () => smtp.WaitForMessageAsync(m => m.IsTo("nobody@example.test"), TimeSpan.FromMilliseconds(200), ct);

        (await wait.Should().ThrowAsync<TimeoutException>())
            .WithMessage("*m.IsTo(\"nobody@example.test\")*to someone@example.test: \"Something else\"*");
    }
}
