using System.Net;
using System.Web;
using Microsoft.EntityFrameworkCore;
using MySocium.Gdpr.Notifications;
using MySocium.Gdpr.Tests.Sessions;

namespace MySocium.Gdpr.Tests.Notifications;

public sealed class NotificationUnsubscribeTests : IAsyncLifetime
{
    private const string Address = "ada@example.test";
    private readonly MutableTime _time = new(new DateTimeOffset(2026, 4, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly RecordingSender _sender = new();
    private NotificationHost _host = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await NotificationHost.CreateAsync(time: _time, start: true);
        _client = _host.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task BulkMail_GoesOnlyToOptedInAddresses_WithTheOneClickLinkInBothBodies()
    {
        (await _host.Notifier.SendBulkAsync(Address, "Ada", News())).Should().BeFalse("no opt-in");
        await _host.Notifier.RecordOptInAsync(Address, "started a Messenger conversation", "conversation 8731");

        (await _host.Notifier.SendBulkAsync(Address, "Ada", News())).Should().BeTrue();

        await _host.Delivery.DeliverDueAsync(_sender, default);
        var mail = _sender.Sent.Should().ContainSingle().Subject;
        mail.Kind.Should().Be("Bulk");
        mail.UnsubscribeUrl!.GetLeftPart(UriPartial.Path).Should().Be("https://app.example.test/gdpr/unsubscribe");
        mail.TextBody.Should().StartWith("Spring news").And.Contain(mail.UnsubscribeUrl.AbsoluteUri);
        mail.HtmlBody.Should().Contain(WebUtility.HtmlEncode(mail.UnsubscribeUrl.AbsoluteUri));
    }

    [Fact]
    public async Task ConfirmationPage_ChangesNothing_AndOneClickPost_Unsubscribes_Idempotently()
    {
        var url = PathOf(_host.Notifier.CreateUnsubscribeUrl(Address));

        using var page = await _client.GetAsync(url);
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).Should().Contain("<form method=\"post\"");
        page.Headers.CacheControl!.NoStore.Should().BeTrue();
        (await _host.Notifier.IsSuppressedAsync(Address)).Should().BeFalse("a link checker following the link unsubscribes no one");

        for (var i = 0; i < 2; i++)
        {
            using var post = await _client.PostAsync(url, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
            post.StatusCode.Should().Be(HttpStatusCode.OK);
            (await post.Content.ReadAsStringAsync()).Should().Contain("You are unsubscribed");
        }

        (await _host.Notifier.IsSuppressedAsync(" Ada@Example.test ")).Should().BeTrue("the list is keyed by the normalized address");
        (await SuppressionsAsync()).Should().Be(1);
    }

    [Fact]
    public async Task ForgedTamperedTruncatedOrExpiredTokens_Get400_AndChangeNothing()
    {
        var token = HttpUtility.ParseQueryString(_host.Notifier.CreateUnsubscribeUrl(Address).Query)["token"]!;
        var flipped = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];
        var forged = Convert.ToBase64String(new byte[73]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        string[] bad = [flipped, forged, token[..^1], token + "A", token[..^2] + "!!", "", "not-a-token"];

        foreach (var value in bad)
        {
            using var response = await _client.PostAsync($"/gdpr/unsubscribe?token={Uri.EscapeDataString(value)}", null);
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, value);
            (await response.Content.ReadAsStringAsync()).Should().Contain("This unsubscribe link does not work").And.Contain("incomplete or was changed");
        }

        _time.Now += TimeSpan.FromDays(366);
        using var expired = await _client.PostAsync($"/gdpr/unsubscribe?token={token}", null);
        expired.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await expired.Content.ReadAsStringAsync()).Should().Contain("The link has expired");
        using var page = await _client.GetAsync($"/gdpr/unsubscribe?token={token}");
        page.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await SuppressionsAsync()).Should().Be(0);
    }

    [Fact]
    public async Task UnsubscribingAfterQueuing_StillStopsTheMessage_AndANewOptInLiftsIt()
    {
        await _host.Notifier.RecordOptInAsync(Address, "newsletter form");
        await _host.Notifier.SendBulkAsync(Address, null, News());
        await _host.Notifier.UnsubscribeAsync(Address);

        (await _host.Delivery.DeliverDueAsync(_sender, default)).Should().Be(0);
        _sender.Attempts.Should().Be(0);
        (await _host.OutboxAsync()).Single().Should().BeEquivalentTo(new { LastError = "Suppressed", To = (string?)null, TextBody = (string?)null });
        (await _host.Notifier.SendBulkAsync(Address, null, News())).Should().BeFalse();

        await _host.Notifier.RecordOptInAsync(Address, "newsletter form, again");
        (await _host.Notifier.SendBulkAsync(Address, null, News())).Should().BeTrue();
    }

    [Fact]
    public async Task ABatchOfOnlySuppressedMessages_DoesNotStopTheDrain()
    {
        await using var host = await NotificationHost.CreateAsync(configure: o => o.Notifications.BatchSize = 1, time: _time);
        await host.Notifier.RecordOptInAsync(Address, "newsletter form");
        await host.Notifier.SendBulkAsync(Address, null, News());
        await host.Notifier.UnsubscribeAsync(Address);
        _time.Now += TimeSpan.FromMinutes(1);
        await host.Notifier.NotifyAsync(new GdprAccountActivity { Kind = GdprAccountActivityKind.PasswordChanged, Email = Address });

        (await host.Delivery.DeliverDueAsync(_sender, default)).Should().Be(1, "the account mail behind the suppressed batch goes in the same run");
        (await host.OutboxAsync()).Should().OnlyContain(m => m.SentAt != null);
    }

    [Fact]
    public async Task AccountMail_StillReachesAnUnsubscribedAddress()
    {
        await _host.Notifier.UnsubscribeAsync(Address);
        await _host.Notifier.NotifyAsync(new GdprAccountActivity { Kind = GdprAccountActivityKind.PasswordChanged, Email = Address });

        (await _host.Delivery.DeliverDueAsync(_sender, default)).Should().Be(1);
    }

    private static GdprMailContent News() => new("Spring news", "Spring news\nWe shipped things.", "<p>Spring news</p>");

    private static string PathOf(Uri url) => url.PathAndQuery;

    private Task<int> SuppressionsAsync() => _host.WithContextAsync(db => db.Set<GdprMailSuppression>().CountAsync());
}
