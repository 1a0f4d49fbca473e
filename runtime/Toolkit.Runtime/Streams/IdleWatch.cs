using System;
using System.Diagnostics;
using System.Threading;

namespace Toolkit.Runtime.Streams;

/// <summary>
/// Cancels <see cref="Token"/> when one wait lasts longer than the idle timeout. A stream marks each wait for an event
/// (<see cref="Waiting"/>, <see cref="Arrived"/>): two timestamp writes an event, where resetting a cancellation timer
/// around every event takes the timer queue's lock twice an event (10,000 in-memory events took 35-37 ms against
/// 13-17 ms without, in one pair of runs on a loaded machine). One timer checks the wait in progress and sleeps again
/// for what is left of it.
/// </summary>
internal sealed class IdleWatch : IDisposable
{
    private readonly CancellationTokenSource _cancel;
    private readonly TimeSpan _timeout;
    private readonly long _timeoutTicks;
    private readonly Timer? _timer;
    private long _waitingSince; // a Stopwatch timestamp; 0 while the caller has the last event
    private volatile bool _disposed;

    /// <summary>A watch over waits of at most <paramref name="timeout"/> (infinite: none), cancelled with <paramref name="outer"/> too.</summary>
    public IdleWatch(TimeSpan timeout, CancellationToken outer)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _timeout = timeout;
        if (timeout == Timeout.InfiniteTimeSpan) return;
        _timeoutTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        _timer = new Timer(static state => ((IdleWatch)state!).Check(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Cancelled when a wait ran past the timeout, or when the outer token is.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>Whether this watch (not the outer token) cancelled.</summary>
    public bool TimedOut { get; private set; }

    /// <summary>A wait for the next event starts.</summary>
    public void Waiting() => Volatile.Write(ref _waitingSince, Stopwatch.GetTimestamp());

    /// <summary>The event came: the time until the next wait is the caller's.</summary>
    public void Arrived() => Volatile.Write(ref _waitingSince, 0);

    private void Check()
    {
        if (_disposed) return;
        var since = Volatile.Read(ref _waitingSince);
        var waited = since == 0 ? 0 : Stopwatch.GetTimestamp() - since;
        try
        {
            if (since != 0 && waited >= _timeoutTicks)
            {
                TimedOut = true;
                _cancel.Cancel();
                return;
            }
            // Not waiting: a whole timeout from now at the earliest; waiting: what is left of this wait.
            var due = since == 0 ? _timeout : TimeSpan.FromSeconds((double)(_timeoutTicks - waited) / Stopwatch.Frequency);
            _timer!.Change(due < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : due, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The stream ended while this check ran.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        _timer?.Dispose();
        _cancel.Dispose();
    }
}
