using System.Globalization;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MySocium.Gdpr.Notifications;

namespace MySocium.Gdpr.MailKit;

/// <summary>
/// Sends the outbox's messages over SMTP with MailKit, both bodies as <c>multipart/alternative</c>,
/// the outbox id as <c>Message-ID</c>, and on bulk mail the RFC 8058 pair <c>List-Unsubscribe</c> and
/// <c>List-Unsubscribe-Post: List-Unsubscribe=One-Click</c>. MimeKit encodes every header value, so a
/// name or subject cannot add a header. One connection is kept between messages of a batch.
/// </summary>
internal sealed class MailKitNotificationSender(IOptions<GdprSmtpOptions> options, TimeProvider time) : IGdprNotificationSender, IAsyncDisposable
{
    /// <summary>Servers drop idle connections; one unused for longer is replaced rather than risked.</summary>
    private static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(20);

    private readonly SemaphoreSlim _lock = new(1, 1);
    private SmtpClient? _client;
    private DateTimeOffset _lastUsed;

    public async Task SendAsync(GdprMailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mime = ToMime(message);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var client = await ConnectAsync(cancellationToken);
            try
            {
                await client.SendAsync(mime, cancellationToken);
                _lastUsed = time.GetUtcNow();
            }
            catch
            {
                // The connection's state is unknown after a failure: the next message starts afresh.
                await CloseAsync();
                throw;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _lock.Dispose();
    }

    private MimeMessage ToMime(GdprMailMessage message)
    {
        var from = MailboxAddress.Parse(options.Value.From!);
        var mime = new MimeMessage
        {
            MessageId = string.Create(CultureInfo.InvariantCulture, $"{message.Id:N}@{from.Domain}"),
            Subject = message.Subject,
            Date = time.GetUtcNow(),
            Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody(),
        };
        mime.From.Add(from);
        mime.To.Add(new MailboxAddress(message.ToName, message.To));
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        if (message.UnsubscribeUrl is { } unsubscribe)
        {
            mime.Headers.Add("List-Unsubscribe", $"<{unsubscribe.AbsoluteUri}>");
            mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            mime.Headers.Add("Precedence", "bulk");
        }

        return mime;
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } client && time.GetUtcNow() - _lastUsed < IdleLimit)
        {
            return client;
        }

        await CloseAsync();
        var settings = options.Value;
        client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        try
        {
            var security = settings.Security switch
            {
                GdprSmtpSecurity.None => SecureSocketOptions.None,
                GdprSmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(settings.Host!.Trim(), settings.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }

        _client = client;
        return client;
    }

    private async Task CloseAsync()
    {
        if (_client is not { } client)
        {
            return;
        }

        _client = null;
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or OperationCanceledException or ServiceNotConnectedException)
        {
            // Closing a broken connection may fail; it is discarded either way.
        }
        finally
        {
            client.Dispose();
        }
    }
}
