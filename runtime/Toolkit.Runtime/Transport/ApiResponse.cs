using System;
using System.Net.Http;
using System.Threading;
using Toolkit.Runtime.Errors;

namespace Toolkit.Runtime.Transport;

/// <summary>
/// A successful answer whose body has not been read: what the send stage of <see cref="ApiTransport"/> returns. It
/// keeps the call's clocks running, so that a read stage reads a whole body within the attempt's and the whole call's
/// timeouts (a stream of events stops them and keeps its own); disposing it closes the connection and stops them.
/// </summary>
public sealed class ApiResponse : IDisposable
{
    private readonly CancellationTokenSource _total;
    private readonly CancellationTokenSource? _loading;
    private readonly CancellationTokenSource _attempt;
    private readonly CallDeadline _deadline;

    internal ApiResponse(HttpResponseMessage message, TransportLimits limits, string? secret, CallDeadline deadline,
        CancellationTokenSource total, CancellationTokenSource? loading, CancellationTokenSource attempt, CancellationToken caller)
    {
        Message = message;
        Limits = limits;
        Secret = secret;
        _deadline = deadline;
        _total = total;
        _loading = loading;
        _attempt = attempt;
        CallerToken = caller;
    }

    /// <summary>The answer, its headers read, its body not yet.</summary>
    public HttpResponseMessage Message { get; }

    /// <summary>The limits of the call.</summary>
    public TransportLimits Limits { get; }

    /// <summary>Cancelled when the caller cancels or a timeout of the call runs out: read a whole body with it.</summary>
    public CancellationToken CancellationToken => _attempt.Token;

    /// <summary>The caller's own token, without the call's timeouts.</summary>
    internal CancellationToken CallerToken { get; }

    /// <summary>The caller's token, to scrub from anything quoted from the body.</summary>
    internal string? Secret { get; }

    /// <summary>The call's activity and measurements, ended when this is disposed; null when nothing listens.</summary>
    internal Telemetry.ApiCall? Call { get; init; }

    /// <summary>
    /// Stops the call's clocks: they covered the answer up to its headers, and a stream of events is timed by its own
    /// limits from here (a healthy stream outlives the attempt and the call timeouts).
    /// </summary>
    internal void StopCallClocks()
    {
        _attempt.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan);
        _loading?.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan);
        _total.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan);
    }

    /// <summary>The timeout that cancelled a read, or null when the caller cancelled.</summary>
    internal ApiTimeoutException? Timeout(OperationCanceledException e)
    {
        if (CallerToken.IsCancellationRequested) return null;
        if (_total.IsCancellationRequested) return _deadline.Exceeded(e);
        return _attempt.IsCancellationRequested && _loading?.IsCancellationRequested != true
            ? new ApiTimeoutException(nameof(TransportLimits.AttemptTimeout), Limits.AttemptTimeout,
                $"The attempt took longer than AttemptTimeout ({ApiTransport.Seconds(Limits.AttemptTimeout)}), the body included; the call was abandoned.", e)
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Call?.End(null);
        Message.Dispose();
        _attempt.Dispose();
        _loading?.Dispose();
        _total.Dispose();
    }
}

/// <summary>
/// What bounds a whole call: <see cref="TransportLimits.TotalTimeout"/>, or the caller's
/// <see cref="HttpClient.Timeout"/> when that is shorter (HttpClient alone would stop it at the headers).
/// </summary>
internal readonly struct CallDeadline
{
    private CallDeadline(TimeSpan value, string limit)
    {
        Value = value;
        Limit = limit;
    }

    public TimeSpan Value { get; }

    public string Limit { get; }

    public static CallDeadline Of(TransportLimits limits, HttpClient http)
    {
        var client = http.Timeout;
        var total = limits.TotalTimeout;
        var byClient = client != System.Threading.Timeout.InfiniteTimeSpan && client > TimeSpan.Zero
            && (total == System.Threading.Timeout.InfiniteTimeSpan || client < total);
        return byClient ? new CallDeadline(client, "HttpClient.Timeout") : new CallDeadline(total, nameof(TransportLimits.TotalTimeout));
    }

    public ApiTimeoutException Exceeded(Exception? inner) => new(Limit, Value, Limit == nameof(TransportLimits.TotalTimeout)
        ? $"The call took longer than TotalTimeout ({ApiTransport.Seconds(Value)}), retries included."
        : $"The call took longer than the HttpClient's Timeout ({ApiTransport.Seconds(Value)}), which bounds the whole call when shorter than TotalTimeout; the call was abandoned.", inner);
}
