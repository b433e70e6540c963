using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpServerHost = SmtpServer.SmtpServer;
using SmtpServiceProvider = SmtpServer.ComponentModel.ServiceProvider;

namespace MySocium.Gdpr.IntegrationTests.Infrastructure;

/// <summary>
/// An in-process SMTP server on a free loopback port that keeps every message it receives
/// (a class fixture: each test class gets its own server and inbox). Plain SMTP, no
/// authentication: point the sample at it with <see cref="SampleAppFactory.WithSmtp"/>.
/// </summary>
public sealed class SmtpServerFixture : IAsyncLifetime
{
    /// <summary>How long <see cref="WaitForMessageAsync"/> waits unless told otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly List<ReceivedMessage> _messages = [];
    private readonly List<Waiter> _waiters = [];
    private readonly CancellationTokenSource _stopping = new();
    private SmtpServerHost? _server;
    private Task? _running;
    private int _requestedPort;

    /// <summary>Gets the address the server listens on.</summary>
    public string Host { get; } = IPAddress.Loopback.ToString();

    /// <summary>Gets the port the server listens on, known once the fixture is initialized.</summary>
    public int Port { get; private set; }

    /// <summary>Gets a snapshot of the messages received so far, oldest first.</summary>
    public IReadOnlyList<ReceivedMessage> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Starts a server on a given port, such as one a sender was pointed at while nothing listened there.</summary>
    /// <param name="port">The loopback port to listen on.</param>
    /// <returns>The started server; the caller disposes it.</returns>
    public static async Task<SmtpServerFixture> StartAsync(int port)
    {
        var server = new SmtpServerFixture { _requestedPort = port };
        await server.InitializeAsync();
        return server;
    }

    /// <summary>Starts the server and waits until it listens.</summary>
    public async ValueTask InitializeAsync()
    {
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listenerFactory = new EndpointListenerFactory();
        listenerFactory.EndpointStarted += (_, e) => listening.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);

        var services = new SmtpServiceProvider();
        services.Add(listenerFactory);
        services.Add(new CollectingMessageStore(this));

        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, _requestedPort)))
            .Build();
        _server = new SmtpServerHost(options, services);
        _running = _server.StartAsync(_stopping.Token);

        var started = await Task.WhenAny(listening.Task, _running, Task.Delay(DefaultTimeout));
        if (started != listening.Task)
        {
            var reason = _running.IsFaulted ? _running.Exception!.GetBaseException().Message : "it did not report a bound endpoint in time";
            throw new InvalidOperationException($"The in-process SMTP server (SmtpServer package) did not start listening on {Host}: {reason}");
        }

        Port = await listening.Task;
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            _server.Shutdown();
            await _stopping.CancelAsync();
            try
            {
                await _running!.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stopping.Dispose();
    }

    /// <summary>
    /// Returns the first received message matching <paramref name="predicate"/>, waiting for it
    /// if none has arrived yet. Fails after <paramref name="timeout"/> (default
    /// <see cref="DefaultTimeout"/>) with a message listing what arrived instead.
    /// </summary>
    public async Task<ReceivedMessage> WaitForMessageAsync(
        Func<ReceivedMessage, bool> predicate,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default,
        [CallerArgumentExpression(nameof(predicate))] string predicateText = "")
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var waiter = new Waiter(predicate);
        lock (_lock)
        {
            var match = _messages.FirstOrDefault(predicate);
            if (match is not null)
            {
                return match;
            }

            _waiters.Add(waiter);
        }

        var wait = timeout ?? DefaultTimeout;
        try
        {
            return await waiter.Arrived.Task.WaitAsync(wait, cancellationToken);
        }
        catch (TimeoutException)
        {
            var received = Messages;
            var list = received.Count == 0
                ? "nothing arrived"
                : $"{received.Count} message(s) arrived:\n" + string.Join('\n', received.Select(m => "  " + m));
            throw new TimeoutException(
                $"No message matching ({predicateText}) arrived at the SMTP server {Host}:{Port} within {wait.TotalSeconds:0.#} s; {list}");
        }
        finally
        {
            lock (_lock)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    private void Add(ReceivedMessage message)
    {
        lock (_lock)
        {
            _messages.Add(message);
            foreach (var waiter in _waiters.Where(w => w.Predicate(message)))
            {
                waiter.Arrived.TrySetResult(message);
            }
        }
    }

    private sealed record Waiter(Func<ReceivedMessage, bool> Predicate)
    {
        public TaskCompletionSource<ReceivedMessage> Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class CollectingMessageStore(SmtpServerFixture fixture) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context,
            IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            var raw = buffer.ToArray();
            using var stream = new MemoryStream(raw, writable: false);
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            fixture.Add(new ReceivedMessage(
                transaction.From.AsAddress(),
                [.. transaction.To.Select(to => to.AsAddress())],
                message,
                raw));
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>A message the in-process SMTP server received.</summary>
/// <param name="EnvelopeFrom">The sender given in the SMTP envelope (MAIL FROM).</param>
/// <param name="EnvelopeTo">The recipients given in the SMTP envelope (RCPT TO).</param>
/// <param name="Message">The message, parsed by MimeKit.</param>
/// <param name="Raw">The message exactly as it arrived, for asserting on what went over the wire.</param>
public sealed record ReceivedMessage(string EnvelopeFrom, IReadOnlyList<string> EnvelopeTo, MimeMessage Message, byte[] Raw)
{
    /// <summary>Gets the subject.</summary>
    public string Subject => Message.Subject ?? "";

    /// <summary>Gets the plain text body, or an empty string when there is none.</summary>
    public string TextBody => Message.TextBody ?? "";

    /// <summary>Gets the HTML body, or an empty string when there is none.</summary>
    public string HtmlBody => Message.HtmlBody ?? "";

    /// <summary>Returns true when one of the envelope recipients is <paramref name="address"/>.</summary>
    public bool IsTo(string address) => EnvelopeTo.Contains(address, StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override string ToString() => $"from {EnvelopeFrom} to {string.Join(", ", EnvelopeTo)}: \"{Subject}\"";
}
