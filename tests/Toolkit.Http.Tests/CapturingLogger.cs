using System;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Toolkit.Http.Tests;

/// <summary>Keeps every formatted log line, with its event name.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(string Category, string Event, string Message)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner.Lines.Enqueue((category, eventId.Name ?? "", formatter(state, exception) + (exception is null ? "" : " " + exception)));
    }
}
