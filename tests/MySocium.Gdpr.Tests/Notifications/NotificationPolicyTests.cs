using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.Notifications;
using MySocium.Gdpr.Tests.Sessions;

namespace MySocium.Gdpr.Tests.Notifications;

public sealed class NotificationPolicyTests : IAsyncLifetime
{
    private readonly MutableTime _time = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingSender _sender = new();
    private readonly FailingOutboxInsert _failing = new();
    private NotificationHost _host = null!;

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"mysocium-policy-{Guid.NewGuid():N}.db");

    public async ValueTask InitializeAsync()
        => _host = await NotificationHost.CreateAsync(database: o => o.UseSqlite($"Data Source={_file};Pooling=False").AddInterceptors(_failing), time: _time);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Fact]
    public async Task Publish_QueuesOneNoticePerSubject_InBatches_AndNoneTwice()
    {
        var members = await AddMembersAsync(5);
        await _host.Policies.PublishAsync("2026-06-01", "The full text", "We now keep login IPs for 30 days.", _time.Now.AddDays(30));

        (await _host.Policies.QueueNoticesAsync()).Should().Be(5);
        (await _host.Policies.QueueNoticesAsync()).Should().Be(0, "every subject already has the notice of this version");
        await _host.Policies.PublishAsync("2026-06-01", "The full text", "We now keep login IPs for 30 days.", _time.Now.AddDays(30));
        (await _host.Policies.QueueNoticesAsync()).Should().Be(0, "publishing the same version again changes nothing");

        await _host.Delivery.DeliverDueAsync(_sender, default);
        _sender.Sent.Select(m => m.To).Should().BeEquivalentTo(members.Select(m => m.Email));
        var notice = _sender.Sent[0];
        notice.Subject.Should().Be("We are updating our privacy policy (Example)");
        notice.TextBody.Should().Contain("31 May 2026").And.Contain("version 2026-06-01").And.Contain("We now keep login IPs for 30 days.");
        notice.UnsubscribeUrl.Should().BeNull();
    }

    [Fact]
    public async Task InterruptedNotices_ResumeAfterTheLastCommittedBatch_OnAnotherInstance()
    {
        var members = await AddMembersAsync(5);
        await _host.Policies.PublishAsync("v2", "text", "summary", _time.Now);
        _failing.FailOnInsert(2);

        var interrupted = () => _host.Policies.QueueNoticesAsync();

        await interrupted.Should().ThrowAsync<DbUpdateException>();
        (await _host.OutboxAsync()).Should().HaveCount(2, "the first batch committed, the second rolled back");
        var connectionString = await _host.WithContextAsync(db => Task.FromResult(db.Database.GetConnectionString()!));
        await using var other = await NotificationHost.CreateAsync(database: o => o.UseSqlite(connectionString), time: _time, rootKey: _host.RootKey, createDatabase: false);
        (await other.Policies.QueueNoticesAsync()).Should().Be(3);

        await _host.Delivery.DeliverDueAsync(_sender, default);
        _sender.Sent.Select(m => m.To).Should().BeEquivalentTo(members.Select(m => m.Email), "each subject exactly once");
    }

    [Fact]
    public async Task Acknowledgements_AreRecordedOncePerSubjectAndVersion_AndAcknowledgingFirstMeansNoNotice()
    {
        var members = await AddMembersAsync(2);
        await _host.Policies.PublishAsync("v3", "text", "summary", _time.Now);
        await _host.Policies.AcknowledgeAsync(members[0].Id, "v3");
        var first = _time.Now;
        _time.Now += TimeSpan.FromHours(1);
        await _host.Policies.AcknowledgeAsync(members[0].Id, "v3");

        (await _host.Policies.QueueNoticesAsync()).Should().Be(1, "who acknowledged already needs no notice");
        (await _host.Policies.GetAcknowledgedAtAsync(members[0].Id, "v3")).Should().Be(first);
        (await _host.Policies.GetAcknowledgedAtAsync(members[1].Id, "v3")).Should().BeNull();
        await _host.Policies.AcknowledgeAsync(members[1].Id, "v3");
        (await _host.Policies.GetAcknowledgedAtAsync(members[1].Id, "v3")).Should().Be(_time.Now);
        var unknown = () => _host.Policies.AcknowledgeAsync(members[1].Id, "v9");
        await unknown.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task CurrentVersion_IsTheLatestInEffect_AndChangesWhenItsDateComes()
    {
        var consent = _host.Services.GetRequiredService<MySocium.Gdpr.Consent.ConsentCategoryTable>();
        var configured = consent.Stamp;
        await _host.Policies.PublishAsync("v1", "one", "first", _time.Now.AddDays(-1));
        await _host.Policies.PublishAsync("v2", "two", "second", _time.Now.AddDays(7));

        _host.Policies.Current!.Version.Should().Be("v1");
        consent.PolicyVersion.Should().Be("v1");
        consent.Stamp.Should().NotEqual(configured);
        _time.Now += TimeSpan.FromDays(7);
        await _host.Services.GetRequiredService<PolicyVersions>().RefreshAsync(default);
        consent.PolicyVersion.Should().Be("v2");
        (await _host.Policies.ListAsync()).Select(v => v.Version).Should().Equal("v1", "v2");
        var changed = () => _host.Policies.PublishAsync("v2", "another text", "second", _time.Now);
        await changed.Should().ThrowAsync<InvalidOperationException>().WithMessage("*'v2' was published before with another text*");
    }

    private async Task<List<Member>> AddMembersAsync(int count)
    {
        var members = new List<Member>();
        for (var i = 0; i < count; i++)
        {
            var id = await _host.AddMemberAsync($"member{i}@example.test", $"Member {i}");
            members.Add(new Member { Id = id, Email = $"member{i}@example.test" });
        }

        return members;
    }

    /// <summary>Fails the n-th transaction that inserts into the outbox, as a crash half-way through would.</summary>
    private sealed class FailingOutboxInsert : DbCommandInterceptor
    {
        private readonly HashSet<Guid> _transactions = [];
        private int _failAt;

        public void FailOnInsert(int transaction)
        {
            _failAt = transaction;
            _transactions.Clear();
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (_failAt > 0 && command.CommandText.Contains("INSERT INTO \"GdprOutbox\"", StringComparison.Ordinal)
                && eventData.Context?.Database.CurrentTransaction is { } transaction
                && _transactions.Add(transaction.TransactionId) && _transactions.Count == _failAt)
            {
                _failAt = 0;
                throw new DbUpdateException("Simulated crash while queuing notices.");
            }

            return ValueTask.FromResult(result);
        }
    }
}
