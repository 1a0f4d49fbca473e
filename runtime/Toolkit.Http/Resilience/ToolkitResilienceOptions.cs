using System;

namespace Toolkit.Http.Resilience;

/// <summary>
/// Retries and timeouts of a registered client (Microsoft.Extensions.Http.Resilience underneath). Transient failures
/// (408, 429, 5xx, network errors) are retried with exponential backoff and jitter; a "loading" answer waits the
/// server's <c>estimated_time</c> (capped by <see cref="MaxDelay"/>) and retries asking the server to wait; a
/// <c>Retry-After</c> header is honoured the same way.
/// </summary>
public sealed class ToolkitResilienceOptions
{
    /// <summary>Retries after the first attempt. Default 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first backoff delay (doubled each retry, with jitter). Default 1 second.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest single wait, whatever the server estimates. Default 30 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest one attempt may take. Default 100 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The longest a call may take, retries and waits included. Default 5 minutes.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
