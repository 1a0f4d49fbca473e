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
    internal ApiResponse(HttpResponseMessage message, TransportLimits limits, string? secret, CallClock clock)
    {
        Message = message;
        Limits = limits;
        Secret = secret;
        Clock = clock;
    }

    /// <summary>The answer, its headers read, its body not yet.</summary>
    public HttpResponseMessage Message { get; }

    /// <summary>The limits of the call.</summary>
    public TransportLimits Limits { get; }

    /// <summary>Cancelled when the caller cancels or a timeout of the call runs out: read a whole body with it.</summary>
    public CancellationToken CancellationToken => Clock.Token;

    /// <summary>The call's clocks (all its limits, one cancellation source); a stream of events moves them on to its own limits.</summary>
    internal CallClock Clock { get; }

    /// <summary>The caller's own token, without the call's timeouts.</summary>
    internal CancellationToken CallerToken => Clock.CallerToken;

    /// <summary>The caller's token, to scrub from anything quoted from the body.</summary>
    internal string? Secret { get; }

    /// <summary>The call's activity and measurements, ended when this is disposed; null when nothing listens.</summary>
    internal Telemetry.ApiCall? Call { get; init; }

    /// <inheritdoc />
    public void Dispose()
    {
        Call?.End(null);
        Message.Dispose();
        Clock.Dispose();
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
