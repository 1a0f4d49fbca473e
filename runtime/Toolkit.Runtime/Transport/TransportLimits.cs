using System;
using System.Threading;

namespace Toolkit.Runtime.Transport;

/// <summary>
/// Bounds on one call, so that a slow or hostile server can neither hang it nor fill memory. For a whole body the
/// timeouts cover the whole exchange, the body included (<see cref="System.Net.Http.HttpClient.Timeout"/> alone stops at
/// the headers when a client reads the body as it arrives; the toolkit also honours it for the whole call when it is
/// shorter than <see cref="TotalTimeout"/>). A stream of events is timed apart once its headers came: between events
/// (<see cref="StreamIdleTimeout"/>) and, only if set, as a whole (<see cref="StreamTimeout"/>). The size limits cover
/// every body read. Exceeding one throws <see cref="Errors.ApiTimeoutException"/> or
/// <see cref="Errors.ResponseTooLargeException"/>, naming the limit.
/// </summary>
public sealed class TransportLimits
{
    /// <summary>The default <see cref="AttemptTimeout"/>: 100 seconds, HttpClient's own default.</summary>
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(100);

    /// <summary>The default <see cref="TotalTimeout"/>: 10 minutes.</summary>
    public static readonly TimeSpan DefaultTotalTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The default <see cref="StreamIdleTimeout"/>: 100 seconds.</summary>
    public static readonly TimeSpan DefaultStreamIdleTimeout = TimeSpan.FromSeconds(100);

    /// <summary>The default <see cref="MaxResponseBytes"/>: 64 MiB.</summary>
    public const long DefaultMaxResponseBytes = 64L * 1024 * 1024;

    /// <summary>The default <see cref="MaxStreamEventBytes"/>: 1 MiB.</summary>
    public const int DefaultMaxStreamEventBytes = 1024 * 1024;

    /// <summary>The default <see cref="MaxErrorResponseBytes"/>: 1 MiB.</summary>
    public const long DefaultMaxErrorResponseBytes = 1024L * 1024;

    /// <summary>
    /// The longest one attempt may take: sending, waiting for the answer and reading its whole body (for a stream of
    /// events, up to its headers: the time to first byte). Default 100 seconds; <see cref="Timeout.InfiniteTimeSpan"/>
    /// turns it off.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = DefaultAttemptTimeout;

    /// <summary>
    /// The longest a whole call may take, loading retries and their waits included (for a stream of events, up to the
    /// headers of the answer that starts it). Default 10 minutes; <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// A finite <see cref="System.Net.Http.HttpClient.Timeout"/> shorter than this bounds the call instead
    /// (<c>Limit = "HttpClient.Timeout"</c>).
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = DefaultTotalTimeout;

    /// <summary>
    /// The longest a stream of events may go without one, the first counted from the answer's headers: a stalled
    /// stream ends after this, a healthy one runs as long as events come. Default 100 seconds;
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns it off. Time the caller spends on an event does not count.
    /// </summary>
    public TimeSpan StreamIdleTimeout { get; set; } = DefaultStreamIdleTimeout;

    /// <summary>
    /// The longest a whole stream of events may run once its headers came, however lively. Default
    /// <see cref="Timeout.InfiniteTimeSpan"/>: none (a stream is bounded by <see cref="StreamIdleTimeout"/>,
    /// <see cref="MaxResponseBytes"/> and the caller's cancellation token).
    /// </summary>
    public TimeSpan StreamTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>The largest success body the client reads. Default 64 MiB.</summary>
    public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>The largest error body the client reads: error bodies are short messages. Default 1 MiB.</summary>
    public long MaxErrorResponseBytes { get; set; } = DefaultMaxErrorResponseBytes;

    /// <summary>
    /// The largest data of one server-sent event a stream reads: events are chunks. Default 1 MiB. An event whose lines
    /// run past four times this as sent (field names and comments included) is refused without reading the rest, so one
    /// event never holds more memory than that. A whole stream is bounded by <see cref="MaxResponseBytes"/>, by
    /// <see cref="StreamIdleTimeout"/> between events and by <see cref="StreamTimeout"/> when set.
    /// </summary>
    public int MaxStreamEventBytes { get; set; } = DefaultMaxStreamEventBytes;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a limit is zero or negative.</summary>
    public void Validate()
    {
        CheckTimeout(AttemptTimeout, nameof(AttemptTimeout));
        CheckTimeout(TotalTimeout, nameof(TotalTimeout));
        CheckTimeout(StreamIdleTimeout, nameof(StreamIdleTimeout));
        CheckTimeout(StreamTimeout, nameof(StreamTimeout));
        if (MaxResponseBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MaxResponseBytes), MaxResponseBytes, "Must be positive.");
        if (MaxErrorResponseBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MaxErrorResponseBytes), MaxErrorResponseBytes, "Must be positive.");
        if (MaxStreamEventBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MaxStreamEventBytes), MaxStreamEventBytes, "Must be positive.");
    }

    private static void CheckTimeout(TimeSpan value, string name)
    {
        if (value != Timeout.InfiniteTimeSpan && (value <= TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be positive and at most 24 days, or Timeout.InfiniteTimeSpan.");
        }
    }
}
