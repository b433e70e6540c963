using System.Net;
using Microsoft.EntityFrameworkCore;
using MySocium.Gdpr.Notifications;
using MySocium.Gdpr.Tests.Sessions;

namespace MySocium.Gdpr.Tests.Notifications;

public sealed class NotificationOutboxTests : IAsyncLifetime
{
    private readonly MutableTime _time = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));
    private readonly RecordingSender _sender = new();
    private NotificationHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await NotificationHost.CreateAsync(time: _time);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Notify_QueuesWithoutSending_EncryptedAtRest()
    {
        await _host.Notifier.NotifyAsync(Activity(GdprAccountActivityKind.PasswordChanged));

        _sender.Attempts.Should().Be(0, "a request only queues");
        var raw = await _host.WithContextAsync(db => db.Database.SqlQueryRaw<string>(
            "SELECT CAST(\"To\" AS TEXT) || CAST(\"Subject\" AS TEXT) || CAST(\"TextBody\" AS TEXT) AS \"Value\" FROM \"GdprOutbox\"").ToListAsync());
        raw.Should().ContainSingle().Which.Should().NotContain("ada@example.test").And.NotContain("password");
    }

    [Fact]
    public async Task Delivery_SendsWhatHappenedWhenAndFromWhere_ThenKeepsNoBody()
    {
        await _host.Notifier.NotifyAsync(Activity(GdprAccountActivityKind.PasswordChanged));

        (await _host.Delivery.DeliverDueAsync(_sender, default)).Should().Be(1);

        var mail = _sender.Sent.Should().ContainSingle().Subject;
        mail.To.Should().Be("ada@example.test");
        mail.ToName.Should().Be("Ada");
        mail.Kind.Should().Be("PasswordChanged");
        mail.Subject.Should().Be("Your password at Example was changed");
        mail.UnsubscribeUrl.Should().BeNull("no marketing opt-out stops a security notice");
        foreach (var body in new[] { mail.TextBody, mail.HtmlBody })
        {
            body.Should().Contain("Monday 2 March 2026, 09:30 UTC").And.Contain("203.0.113.0/24").And.NotContain("203.0.113.77")
                .And.Contain("If this wasn", "it says what to do");
        }

        var row = (await _host.OutboxAsync()).Should().ContainSingle().Subject;
        row.SentAt.Should().Be(_time.Now.UtcDateTime);
        new[] { row.To, row.ToName, row.Subject, row.TextBody, row.HtmlBody, row.UnsubscribeUrl }.Should().OnlyContain(v => v == null);
        (await _host.Delivery.DeliverDueAsync(_sender, default)).Should().Be(0, "a sent message is sent once");
    }

    [Fact]
    public async Task SentRows_AreDeletedAfterTheSentRetention_UnsentOnesNever()
    {
        await _host.Notifier.NotifyAsync(Activity(GdprAccountActivityKind.AccountCreated));
        await _host.Delivery.DeliverDueAsync(_sender, default);
        _sender.Failure = new IOException("connection refused");
        await _host.Notifier.NotifyAsync(Activity(GdprAccountActivityKind.PasswordChanged));

        _time.Now += TimeSpan.FromDays(30);
        await _host.Delivery.DeliverDueAsync(_sender, default);
        await _host.Delivery.DeleteExpiredAsync(default);
        (await _host.OutboxAsync()).Should().HaveCount(2, "a sent row stays for the 30 days of SentRetention");

        _time.Now += TimeSpan.FromMilliseconds(1);
        await _host.Delivery.DeleteExpiredAsync(default);
        (await _host.OutboxAsync()).Should().ContainSingle().Which.Should().Match<GdprOutboxMessage>(m => m.SentAt == null && m.Kind == "PasswordChanged", "mail not yet sent is never dropped");
    }

    [Fact]
    public async Task FailedDelivery_StaysQueued_AndIsRetriedLaterWithGrowingDelays()
    {
        await _host.Notifier.NotifyAsync(Activity(GdprAccountActivityKind.AccountCreated));
        _sender.Failure = new IOException("connection refused");

        (await _host.Delivery.DeliverDueAsync(_sender, default)).Should().Be(0);
        (await _host.OutboxAsync()).Single().Should().BeEquivalentTo(new { Attempts = 1, LastError = "IOException", NextAttemptAt = _time.Now.UtcDateTime.AddMinutes(1), SentAt = (DateTime?)null });
        await _host.Delivery.DeliverDueAsync(_sender, default);
        _sender.Attempts.Should().Be(1, "the message waits for its retry time");

        _time.Now += TimeSpan.FromMinutes(1);
        await _host.Delivery.DeliverDueAsync(_sender, default);
        (await _host.OutboxAsync()).Single().NextAttemptAt.Should().Be(_time.Now.UtcDateTime.AddMinutes(2), "the delay doubles");

        _sender.Failure = null;
        _time.Now += TimeSpan.FromMinutes(2);
        (await _host.Delivery.DeliverDueAsync(_sender, default)).Should().Be(1);
        _sender.Sent.Should().ContainSingle().Which.Subject.Should().Be("Your account at Example was created");
        (await _host.OutboxAsync()).Single().Attempts.Should().Be(3);
    }

    [Fact]
    public async Task EmailChange_TellsTheNewAndTheOldAddress()
    {
        await _host.Notifier.NotifyAsync(Activity(GdprAccountActivityKind.EmailChanged, email: "ada@new.example.test") with { PreviousEmail = "ada@example.test" });

        await _host.Delivery.DeliverDueAsync(_sender, default);

        _sender.Sent.Select(m => m.To).Should().BeEquivalentTo(["ada@new.example.test", "ada@example.test"]);
        _sender.Sent.Single(m => m.To == "ada@example.test").TextBody.Should().Contain("from this address to another one");
    }

    [Fact]
    public async Task LineBreaksInNames_BecomeSpaces_AndAnAddressWithOneIsRefused()
    {
        await _host.Notifier.NotifyAsync(Activity(GdprAccountActivityKind.AccountCreated) with { Name = "Ada\r\nBcc: mallory@evil.test" });
        var injected = () => _host.Notifier.NotifyAsync(Activity(GdprAccountActivityKind.AccountCreated, email: "ada@example.test\r\nBcc: mallory@evil.test"));

        (await injected.Should().ThrowAsync<GdprMailAddressException>()).Which.Message.Should().NotContain("mallory");
        await _host.Delivery.DeliverDueAsync(_sender, default);
        _sender.Sent.Should().ContainSingle().Which.ToName.Should().Be("Ada  Bcc: mallory@evil.test");
    }

    [Fact]
    public async Task Queue_CommitsWithTheCallersSave_AndWakesTheDrainerOnlyThen()
    {
        await _host.WithContextAsync(async db =>
        {
            var member = new Member { Id = Guid.CreateVersion7(), Email = "ada@example.test", DisplayName = "Ada" };
            db.Members.Add(member);
            _host.Notifier.Queue(db, Activity(GdprAccountActivityKind.AccountCreated) with { Email = member.Email });

            (await _host.OutboxAsync()).Should().BeEmpty("nothing is written before the caller saves");
            await db.SaveChangesAsync();
        });

        (await _host.OutboxAsync()).Should().ContainSingle().Which.Kind.Should().Be("AccountCreated");
    }

    [Fact]
    public async Task Queue_WhenTheCallersSaveFails_LeavesNeitherTheChangeNorTheMail_AndIsWithdrawn()
    {
        var taken = await _host.AddMemberAsync("grace@example.test", "Grace");

        await _host.WithContextAsync(async db =>
        {
            db.Members.Add(new Member { Id = taken, Email = "ada@example.test", DisplayName = "Ada" });
            _host.Notifier.Queue(db, Activity(GdprAccountActivityKind.AccountCreated));

            await db.Invoking(d => d.SaveChangesAsync()).Should().ThrowAsync<DbUpdateException>();

            db.ChangeTracker.Entries<GdprOutboxMessage>().Should().BeEmpty("a failed save withdraws the mail it queued, so a retry queues it once");
        });

        (await _host.OutboxAsync()).Should().BeEmpty();
        (await _host.WithContextAsync(db => db.Members.CountAsync())).Should().Be(1);
    }

    [Fact]
    public async Task Queue_WithAnAddressThatIsNotDeliverable_AddsNothing()
    {
        await _host.WithContextAsync(async db =>
        {
            var queue = () => _host.Notifier.Queue(db, Activity(GdprAccountActivityKind.EmailChanged, email: "ada@new.example.test") with { PreviousEmail = "\"a\tb\"@example.test" });

            queue.Should().Throw<GdprMailAddressException>().Which.Message.Should().NotContain("example.test");
            db.ChangeTracker.Entries().Should().BeEmpty("the new address's message is not added either");
            await Task.CompletedTask;
        });
    }

    [Theory]
    [InlineData("ada@example.test", true)]
    [InlineData(" ada@example.test ", true)]
    [InlineData("\"ada lovelace\"@example.test", true)]
    [InlineData("\"a\tb\"@example.test", false)]
    [InlineData("\"a\u0001b\"@example.test", false)]
    [InlineData("\"a\u007fb\"@example.test", false)]
    [InlineData("\"a\u0085b\"@example.test", false)]
    [InlineData("ada@example.test\r\nBcc: mallory@evil.test", false)]
    [InlineData("Ada <ada@example.test>", false)]
    [InlineData("ada@example.test, grace@example.test", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsDeliverable_AcceptsOneBareAddressWithoutControlCharacters(string? address, bool deliverable)
        => GdprMailAddress.IsDeliverable(address).Should().Be(deliverable);

    [Fact]
    public void IsDeliverable_RefusesAnAddressLongerThan254Characters()
    {
        GdprMailAddress.IsDeliverable(new string('a', 64) + "@" + new string('b', 189)).Should().BeTrue();
        GdprMailAddress.IsDeliverable(new string('a', 64) + "@" + new string('b', 190)).Should().BeFalse();
    }

    [Theory]
    [InlineData(" Ada@Example.ORG ", "ada@example.org")]
    [InlineData("ada@example.org.", "ada@example.org")]
    [InlineData("ada@example.org..", "ada@example.org")]
    [InlineData("ada@example.org", "ada@example.org")]
    public void Normalize_TrimsLowerCasesAndDropsTheTrailingDot(string address, string normalized)
        => GdprMailAddress.Normalize(address).Should().Be(normalized);

    [Fact]
    public async Task Templates_CanBeReplaced()
    {
        await using var host = await NotificationHost.CreateAsync(services: s => s.AddMySociumGdpr().UseNotificationTemplates<GermanTemplates>());

        await host.Notifier.NotifyAsync(Activity(GdprAccountActivityKind.PasswordChanged));
        await host.Delivery.DeliverDueAsync(_sender, default);

        _sender.Sent.Should().ContainSingle().Which.Subject.Should().Be("Ihr Passwort wurde geändert");
    }

    private static ActivityBuilder Activity(GdprAccountActivityKind kind, string email = "ada@example.test")
        => new(kind, email, "Ada", IPAddress.Parse("203.0.113.77"), null);

    /// <summary>A record copy of <see cref="GdprAccountActivity"/>, so tests can vary one field with <c>with</c>.</summary>
    private sealed record ActivityBuilder(GdprAccountActivityKind Kind, string Email, string? Name, IPAddress? Ip, string? PreviousEmail)
    {
        public static implicit operator GdprAccountActivity(ActivityBuilder b)
            => new() { Kind = b.Kind, Email = b.Email, Name = b.Name, IpAddress = b.Ip, PreviousEmail = b.PreviousEmail };
    }

    private sealed class GermanTemplates : GdprNotificationTemplates
    {
        public override GdprMailContent AccountActivity(GdprAccountActivityMail mail)
            => mail.Activity.Kind == GdprAccountActivityKind.PasswordChanged
                ? new GdprMailContent("Ihr Passwort wurde geändert", "Hallo", "<p>Hallo</p>")
                : base.AccountActivity(mail);
    }
}
