using System;

namespace Toolkit.Runtime.Errors;

/// <summary>
/// A call took longer than one of its limits allows: <see cref="Limit"/> names which (<c>AttemptTimeout</c>,
/// <c>TotalTimeout</c> or <c>LoadingRetry.Timeout</c>) and <see cref="Timeout"/> its value.
/// </summary>
public sealed class ApiTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public ApiTimeoutException(string limit, TimeSpan timeout, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Limit = limit;
        Timeout = timeout;
    }

    /// <summary>The limit that ran out, named like its option, e.g. <c>AttemptTimeout</c>.</summary>
    public string Limit { get; }

    /// <summary>The limit's value.</summary>
    public TimeSpan Timeout { get; }
}
