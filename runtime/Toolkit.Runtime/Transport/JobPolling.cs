using System;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;
using Toolkit.Runtime.Errors;

namespace Toolkit.Runtime.Transport;

/// <summary>
/// How a spec's <c>poll</c> says a job's answer is told apart: the states that mean "ask again", those that mean
/// "done", the pause between asks and how many asks at most. Used by generated clients.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JobStates
{
    /// <summary>Creates the states.</summary>
    public JobStates(string operation, string[] pending, string[] done, TimeSpan interval, int maxPolls)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(done);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPolls);
        Operation = operation;
        Pending = pending;
        Done = done;
        Interval = interval;
        MaxPolls = maxPolls;
    }

    /// <summary>The operation, as the spec names it (for errors).</summary>
    public string Operation { get; }

    /// <summary>Ask again (a missing status too: the job was just queued).</summary>
    public string[] Pending { get; }

    /// <summary>The answer is the job's result.</summary>
    public string[] Done { get; }

    /// <summary>The pause before each ask.</summary>
    public TimeSpan Interval { get; }

    /// <summary>How many times to ask at most before giving up.</summary>
    public int MaxPolls { get; }
}

/// <summary>
/// Waits for a job a call started (Together's videos, asynchronous image jobs): asks the service again while the
/// job's status is pending, returns the answer when it is done, and throws when it is anything else. Bounded: at most
/// <see cref="JobStates.MaxPolls"/> asks, each a call of its own within the client's limits. Used by generated clients.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JobPolling
{
    /// <summary>The job's answer once done.</summary>
    /// <exception cref="ApiJobFailedException">The job ended in a state neither pending nor done.</exception>
    /// <exception cref="ApiTimeoutException">It was still pending after the last ask (<c>Limit</c> is <c>MaxPolls</c>).</exception>
    public static async Task<T> PollAsync<T>(T first, Func<T, string?> status, Func<T, CancellationToken, Task<T>> ask, JobStates states, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(ask);
        ArgumentNullException.ThrowIfNull(states);
        var job = first;
        for (var polls = 0; ; polls++)
        {
            var state = status(job);
            if (state is not null && Array.IndexOf(states.Done, state) >= 0) return job;
            if (state is not null && Array.IndexOf(states.Pending, state) < 0) throw new ApiJobFailedException(states.Operation, state, job);
            if (polls == states.MaxPolls)
            {
                throw new ApiTimeoutException("MaxPolls", states.Interval * states.MaxPolls,
                    $"{states.Operation}: the service's job was still '{state ?? "(no status)"}' after {states.MaxPolls} polls, {states.Interval.TotalSeconds:0.###} s apart.");
            }
            await Task.Delay(states.Interval, cancellationToken).ConfigureAwait(false);
            job = await ask(job, cancellationToken).ConfigureAwait(false) ?? throw new InvalidOperationException("The poll answered nothing.");
        }
    }
}
