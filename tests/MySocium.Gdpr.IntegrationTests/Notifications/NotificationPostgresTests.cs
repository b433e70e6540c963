using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MySocium.Gdpr.IntegrationTests.Infrastructure;
using MySocium.Gdpr.MailKit;
using MySocium.Gdpr.Notifications;
using MySocium.Gdpr.Tests.Notifications;
using Npgsql;

namespace MySocium.Gdpr.IntegrationTests.Notifications;

/// <summary>Several app instances on one PostgreSQL database: the outbox and the policy notices each run once.</summary>
public sealed class NotificationPostgresTests(PostgresServer postgres, SmtpServerFixture smtp) : IClassFixture<SmtpServerFixture>, IAsyncDisposable
{
    private readonly List<NotificationHost> _hosts = [];

    [Fact]
    public async Task ConcurrentDrainers_SendEachMessageExactlyOnce()
    {
        var instances = await InstancesAsync(4, o => o.Notifications.BatchSize = 7);
        var addresses = Enumerable.Range(0, 60).Select(i => $"drain{i}@pg.example.test").ToList();
        foreach (var address in addresses)
        {
            await instances[0].Notifier.NotifyAsync(new GdprAccountActivity { Kind = GdprAccountActivityKind.AccountCreated, Email = address });
        }

        // Each instance holds its first claimed batch until a second instance has claimed one too, so
        // sharing does not depend on how the thread pool schedules the four drainers.
        var rendezvous = new Rendezvous(2);
        var sent = await Task.WhenAll(instances.Select(i => Task.Run(() =>
            i.Delivery.DeliverDueAsync(new RendezvousSender(i.Services.GetRequiredService<IGdprNotificationSender>(), rendezvous), default))));

        sent.Sum().Should().Be(60);
        sent.Count(n => n > 0).Should().BeGreaterThan(1, "the instances shared the work");
        foreach (var address in addresses)
        {
            await smtp.WaitForMessageAsync(m => m.IsTo(address));
        }

        smtp.Messages.Where(m => m.EnvelopeTo.Any(t => t.EndsWith("@pg.example.test", StringComparison.Ordinal)))
            .GroupBy(m => m.Message.MessageId).Should().HaveCount(60).And.OnlyContain(g => g.Count() == 1);
        (await instances[0].OutboxAsync()).Should().OnlyContain(m => m.SentAt != null && m.Attempts == 1);
    }

    [Fact]
    public async Task PolicyNotices_ResumeAfterAnInterruption_AndRunOnceAcrossInstances()
    {
        var failing = new FailingSecondBatch();
        var instances = await InstancesAsync(3, o => o.Notifications.PolicyNoticeBatchSize = 3, failing);
        var members = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            members.Add($"member{i}@pg-policy.example.test");
            await instances[0].AddMemberAsync(members[^1], $"Member {i}");
        }

        await instances[0].Policies.PublishAsync("2026-09-01", "text", "summary", DateTimeOffset.UnixEpoch);
        failing.Armed = true;
        var interrupted = () => instances[0].Policies.QueueNoticesAsync();
        await interrupted.Should().ThrowAsync<Exception>();
        (await PolicyMailAsync(instances[0])).Should().HaveCount(3, "the first batch committed");

        var resumed = await Task.WhenAll(instances.Skip(1).Select(i => Task.Run(() => i.Policies.QueueNoticesAsync())));
        var rerun = await instances[0].Policies.QueueNoticesAsync();

        (resumed.Sum() + rerun).Should().Be(5);
        (await PolicyMailAsync(instances[0])).Should().BeEquivalentTo(members, "every subject once");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
    }

    private static async Task<List<string>> PolicyMailAsync(NotificationHost host)
        => [.. (await host.OutboxAsync()).Where(m => m.Kind == "PolicyUpdate").Select(m => m.To!)];

    /// <summary>Instances on the test class's database, created afresh, sharing the root key; the first one's contexts get <paramref name="interceptor"/>.</summary>
    private async Task<List<NotificationHost>> InstancesAsync(int count, Action<GdprOptions> configure, IInterceptor? interceptor = null)
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        string? rootKey = null;
        var hosts = new List<NotificationHost>();
        for (var i = 0; i < count; i++)
        {
            var first = i == 0;
            var host = await NotificationHost.CreateAsync(
                database: o =>
                {
                    o.UseNpgsql(connectionString);
                    if (first && interceptor is not null)
                    {
                        o.AddInterceptors(interceptor);
                    }
                },
                configure: configure,
                services: s => s.AddMySociumGdpr().AddMailKitDelivery(o =>
                {
                    o.Host = smtp.Host;
                    o.Port = smtp.Port;
                    o.Security = GdprSmtpSecurity.None;
                    o.From = "noreply@pg.example.test";
                }),
                rootKey: rootKey,
                createDatabase: first);
            rootKey = host.RootKey;
            hosts.Add(host);
            _hosts.Add(host);
        }

        return hosts;
    }

    /// <summary>Completes once <c>parties</c> senders have arrived, or after a timeout so a drainer that never shares fails the test instead of hanging it.</summary>
    private sealed class Rendezvous(int parties)
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public async Task ArriveAsync()
        {
            if (Interlocked.Increment(ref _arrived) == parties)
            {
                _all.TrySetResult();
            }

            try
            {
                await _all.Task.WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                // Nobody else claimed a batch: the assertion on shared work reports it.
            }
        }
    }

    /// <summary>Arrives at the rendezvous before its first message, then sends through the real sender.</summary>
    private sealed class RendezvousSender(IGdprNotificationSender inner, Rendezvous rendezvous) : IGdprNotificationSender
    {
        private bool _arrived;

        public async Task SendAsync(GdprMailMessage message, CancellationToken cancellationToken)
        {
            if (!_arrived)
            {
                _arrived = true;
                await rendezvous.ArriveAsync();
            }

            await inner.SendAsync(message, cancellationToken);
        }
    }

    /// <summary>Fails the second transaction that queues notices, as a crash half-way through would.</summary>
    private sealed class FailingSecondBatch : DbCommandInterceptor
    {
        private readonly HashSet<Guid> _transactions = [];

        public bool Armed { get; set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (Armed && command.CommandText.Contains("INSERT INTO \"GdprOutbox\"", StringComparison.Ordinal)
                && eventData.Context?.Database.CurrentTransaction is { } transaction
                && _transactions.Add(transaction.TransactionId) && _transactions.Count == 2)
            {
                Armed = false;
                throw new InvalidOperationException("Simulated crash while queuing notices.");
            }

            return ValueTask.FromResult(result);
        }
    }
}
