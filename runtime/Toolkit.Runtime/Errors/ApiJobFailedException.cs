using System;

namespace Toolkit.Runtime.Errors;

/// <summary>
/// A job the service ran for a call (a video being made, a queued prediction) ended in a state that is not success:
/// <see cref="Status"/> is what the service said (<c>failed</c>, <c>cancelled</c>, ...), <see cref="Job"/> its last
/// answer, read into the operation's type (its error, when the service gives one, is there).
/// </summary>
public sealed class ApiJobFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ApiJobFailedException(string operation, string status, object job)
        : base($"{operation}: the service's job ended with status '{status}', not success.")
    {
        Operation = operation;
        Status = status;
        Job = job;
    }

    /// <summary>The operation, as the spec names it.</summary>
    public string Operation { get; }

    /// <summary>The job's last status.</summary>
    public string Status { get; }

    /// <summary>The job's last answer, of the operation's response type.</summary>
    public object Job { get; }
}
