using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MySocium.Gdpr.IntegrationTests.Infrastructure;

/// <summary>
/// A logger provider that keeps every entry the app logs at <see cref="LogLevel.Information"/>
/// or above (EF Core's SQL command log included), so tests can assert on what reached the logs.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLogEntry> _entries = new();

    /// <summary>Gets a snapshot of the entries logged so far, oldest first.</summary>
    public IReadOnlyList<CapturedLogEntry> Entries => [.. _entries];

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    /// <summary>Returns every entry, one a line, for a failure message or test output.</summary>
    public override string ToString() => string.Join('\n', _entries);

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                logs._entries.Enqueue(new CapturedLogEntry(category, logLevel, eventId, formatter(state, exception), exception));
            }
        }
    }
}

/// <summary>One log entry the app wrote.</summary>
public sealed record CapturedLogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Level} {Category}[{EventId.Id}]: {Message}" + (Exception is null ? "" : "\n" + Exception);
}
