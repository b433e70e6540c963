using System.Threading.Channels;

namespace MySocium.Gdpr.Keys;

/// <summary>Wakes the background re-encryption; requests made while it runs fold into one more run.</summary>
internal sealed class ReencryptionTrigger
{
    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Request() => _requests.Writer.TryWrite(true);

    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => _requests.Reader.ReadAsync(cancellationToken);
}
