using System;
using System.Net.Http;
using System.Threading;
using Toolkit.Runtime.Errors;

namespace Toolkit.Runtime.Transport;

/// <summary>
/// A successful answer whose body has not been read: what the send stage of <see cref="ApiTransport"/> returns. It
/// keeps the call's clocks running, so that a read stage reads within the attempt's and the whole call's timeouts;
/// disposing it closes the connection and stops them.
/// </summary>
public sealed class ApiResponse : IDisposable
{
    private readonly CancellationTokenSource _total;
    private readonly CancellationTokenSource? _loading;
    private readonly CancellationTokenSource _attempt;
    private readonly CancellationToken _caller;

    internal ApiResponse(HttpResponseMessage message, TransportLimits limits, string? secret,
        CancellationTokenSource total, CancellationTokenSource? loading, CancellationTokenSource attempt, CancellationToken caller)
    {
        Message = message;
        Limits = limits;
        Secret = secret;
        _total = total;
        _loading = loading;
        _attempt = attempt;
        _caller = caller;
    }

    /// <summary>The answer, its headers read, its body not yet.</summary>
    public HttpResponseMessage Message { get; }

    /// <summary>The limits of the call.</summary>
    public TransportLimits Limits { get; }

    /// <summary>Cancelled when the caller cancels or a timeout of the call runs out: read the body with it.</summary>
    public CancellationToken CancellationToken => _attempt.Token;

    /// <summary>The caller's token, to scrub from anything quoted from the body.</summary>
    internal string? Secret { get; }

    /// <summary>The timeout that cancelled a read, or null when the caller cancelled.</summary>
    internal ApiTimeoutException? Timeout(OperationCanceledException e)
    {
        if (_caller.IsCancellationRequested) return null;
        if (_total.IsCancellationRequested)
        {
            return new ApiTimeoutException(nameof(TransportLimits.TotalTimeout), Limits.TotalTimeout,
                $"The call took longer than TotalTimeout ({ApiTransport.Seconds(Limits.TotalTimeout)}), retries included.", e);
        }
        return _attempt.IsCancellationRequested && _loading?.IsCancellationRequested != true
            ? new ApiTimeoutException(nameof(TransportLimits.AttemptTimeout), Limits.AttemptTimeout,
                $"The attempt took longer than AttemptTimeout ({ApiTransport.Seconds(Limits.AttemptTimeout)}), the body included; the call was abandoned.", e)
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Message.Dispose();
        _attempt.Dispose();
        _loading?.Dispose();
        _total.Dispose();
    }
}
