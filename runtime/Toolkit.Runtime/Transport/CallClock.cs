using System;
using System.Globalization;
using System.Threading;
using Toolkit.Runtime.Errors;

namespace Toolkit.Runtime.Transport;

/// <summary>The limit that cancelled a call.</summary>
internal enum CallLimit
{
    None,
    Total,
    Loading,
    Attempt,
    Stream,
    Idle,
}

/// <summary>
/// Every clock of one call in one cancellation source and one timer: the whole call's bound (<c>TotalTimeout</c> or
/// the <c>HttpClient.Timeout</c>), the loading retry's, the attempt's, then a stream's whole-stream and idle limits.
/// Each limit is a deadline; the timer sleeps until the earliest, and when it wakes it cancels only if a deadline has
/// really passed (a wake for a deadline moved since sleeps again), naming the limit that did. A call used to take three
/// cancellation sources and two timers (and a stream two more sources and a timer); moving a deadline is one timer
/// change, and a stream's idle limit is two timestamp writes an event (<see cref="Waiting"/>, <see cref="Arrived"/>),
/// where resetting a timer around every event takes the timer queue's lock twice an event.
/// Internal and never exposed, so it locks on itself (a lock object would be one more allocation a call).
/// </summary>
internal sealed class CallClock : IDisposable
{
    private const long Never = long.MaxValue;

    private readonly CancellationTokenSource _cancel;
    private readonly TimeProvider _time;
    private readonly TransportLimits _limits;
    private readonly CallDeadline _call;
    private ITimer? _timer;
    private long _total = Never;
    private long _loading = Never;
    private long _attempt = Never;
    private long _stream = Never;
    private long _idleTicks; // 0: no idle limit
    private long _waitingSince; // a timestamp; 0 while no wait for an event is in progress
    private TimeSpan _loadingTimeout;
    private string? _loadingMessage;
    private int _fired;
    private bool _disposed;

    /// <summary>A clock for a call bounded by <paramref name="call"/>, cancelled with <paramref name="caller"/> too.</summary>
    public CallClock(TransportLimits limits, CallDeadline call, CancellationToken caller, TimeProvider? time = null)
    {
        _limits = limits;
        _call = call;
        _time = time ?? TimeProvider.System;
        CallerToken = caller;
        _cancel = caller.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(caller) : new CancellationTokenSource();
        if (call.Value != Timeout.InfiniteTimeSpan) _total = _time.GetTimestamp() + Ticks(call.Value);
        Arm();
    }

    /// <summary>Cancelled when the caller cancels or a limit runs out.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>The caller's own token.</summary>
    public CancellationToken CallerToken { get; }

    /// <summary>The limit that cancelled, or <see cref="CallLimit.None"/>.</summary>
    public CallLimit Fired => (CallLimit)Volatile.Read(ref _fired);

    /// <summary>An attempt starts: it must end within <see cref="TransportLimits.AttemptTimeout"/>.</summary>
    public void StartAttempt() => Set(ref _attempt, _limits.AttemptTimeout);

    /// <summary>The attempt is over (an error answer was read): the wait before the next one is not the attempt's.</summary>
    public void EndAttempt() => Set(ref _attempt, Timeout.InfiniteTimeSpan);

    /// <summary>The loading retry starts: the call ends within <paramref name="timeout"/> from now, retries included.</summary>
    public void StartLoading(TimeSpan timeout)
    {
        _loadingTimeout = timeout;
        Set(ref _loading, timeout);
    }

    /// <summary>The message of the last loading answer, for the exception if the loading retry's time runs out.</summary>
    public void LastLoading(string message) => _loadingMessage = message;

    /// <summary>
    /// The answer's headers came and its body is a stream of events: the call's limits covered the wait for them; from
    /// here a whole-stream limit (when set) and the idle limit between events apply.
    /// </summary>
    public void StartStream()
    {
        lock (this)
        {
            _total = _loading = _attempt = Never;
            _stream = _limits.StreamTimeout == Timeout.InfiniteTimeSpan ? Never : _time.GetTimestamp() + Ticks(_limits.StreamTimeout);
            _idleTicks = _limits.StreamIdleTimeout == Timeout.InfiniteTimeSpan ? 0 : Math.Max(1, Ticks(_limits.StreamIdleTimeout));
            ArmLocked();
        }
    }

    /// <summary>Cancels as the caller would (no limit fired): a stream's enumeration was cancelled by its own token.</summary>
    public void Cancel()
    {
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The stream had ended.
        }
    }

    /// <summary>A wait for the next event starts.</summary>
    public void Waiting() => Volatile.Write(ref _waitingSince, _time.GetTimestamp());

    /// <summary>The event came: the time until the next wait is the caller's.</summary>
    public void Arrived() => Volatile.Write(ref _waitingSince, 0);

    /// <summary>
    /// The typed exception for the limit that cancelled <paramref name="inner"/>'s operation, or null when no limit did
    /// (the caller cancelled). <paramref name="events"/>: how many events a stream had read.
    /// </summary>
    public ApiTimeoutException? TimedOut(OperationCanceledException inner, int events = 0)
    {
        if (CallerToken.IsCancellationRequested) return null;
        switch (Fired)
        {
            case CallLimit.Total:
                return _call.Exceeded(inner);
            case CallLimit.Loading:
                return new ApiTimeoutException("LoadingRetry.Timeout", _loadingTimeout,
                    $"The service was still loading after the retry timeout ({ApiTransport.Seconds(_loadingTimeout)}): {_loadingMessage}", inner);
            case CallLimit.Attempt:
                return new ApiTimeoutException(nameof(TransportLimits.AttemptTimeout), _limits.AttemptTimeout,
                    $"The attempt took longer than AttemptTimeout ({ApiTransport.Seconds(_limits.AttemptTimeout)}), the body included; the call was abandoned.", inner);
            case CallLimit.Stream:
                return new ApiTimeoutException(nameof(TransportLimits.StreamTimeout), _limits.StreamTimeout, string.Format(CultureInfo.InvariantCulture,
                    "The stream ran longer than StreamTimeout ({0}) and was closed after {1} event(s).", ApiTransport.Seconds(_limits.StreamTimeout), events), inner);
            case CallLimit.Idle:
                return new ApiTimeoutException(nameof(TransportLimits.StreamIdleTimeout), _limits.StreamIdleTimeout, string.Format(CultureInfo.InvariantCulture,
                    "No event came for StreamIdleTimeout ({0}) after {1} event(s): the stalled stream was closed.", ApiTransport.Seconds(_limits.StreamIdleTimeout), events), inner);
            default:
                return null;
        }
    }

    private long Ticks(TimeSpan value) => (long)(value.TotalSeconds * _time.TimestampFrequency);

    private void Set(ref long deadline, TimeSpan after)
    {
        lock (this)
        {
            deadline = after == Timeout.InfiniteTimeSpan ? Never : _time.GetTimestamp() + Ticks(after);
            ArmLocked();
        }
    }

    private void Arm()
    {
        lock (this) ArmLocked();
    }

    /// <summary>Sleeps until the earliest deadline (none: no timer at all).</summary>
    private void ArmLocked()
    {
        if (_disposed || _fired != 0) return;
        var now = _time.GetTimestamp();
        var next = Math.Min(Math.Min(_total, _loading), Math.Min(_attempt, _stream));
        if (_idleTicks > 0)
        {
            var since = Volatile.Read(ref _waitingSince);
            next = Math.Min(next, (since == 0 ? now : since) + _idleTicks);
        }
        if (next == Never)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        var due = TimeSpan.FromSeconds(Math.Max(0, next - now) / (double)_time.TimestampFrequency);
        if (due < TimeSpan.FromMilliseconds(1)) due = TimeSpan.FromMilliseconds(1);
        if (_timer is null) _timer = _time.CreateTimer(static state => ((CallClock)state!).Check(), this, due, Timeout.InfiniteTimeSpan);
        else _timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The timer woke: cancel for the first limit whose deadline passed (the call's before the attempt's), else sleep again.</summary>
    private void Check()
    {
        CallLimit fired;
        lock (this)
        {
            if (_disposed || _fired != 0) return;
            var now = _time.GetTimestamp();
            var since = Volatile.Read(ref _waitingSince);
            fired = now >= _total ? CallLimit.Total
                : now >= _loading ? CallLimit.Loading
                : now >= _attempt ? CallLimit.Attempt
                : now >= _stream ? CallLimit.Stream
                : _idleTicks > 0 && since != 0 && now - since >= _idleTicks ? CallLimit.Idle
                : CallLimit.None;
            if (fired == CallLimit.None)
            {
                ArmLocked();
                return;
            }
            Volatile.Write(ref _fired, (int)fired);
        }
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call ended while this check ran.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (this)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _timer?.Dispose();
        _cancel.Dispose();
    }
}
