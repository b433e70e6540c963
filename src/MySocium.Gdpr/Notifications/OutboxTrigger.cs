using System.Threading.Channels;

namespace MySocium.Gdpr.Notifications;

/// <summary>Wakes this instance's outbox drainer when mail is queued here; requests made while it runs fold into one more pass.</summary>
internal sealed class OutboxTrigger
{
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Request() => _requests.Writer.TryWrite(true);

    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => _requests.Reader.ReadAsync(cancellationToken);
}
