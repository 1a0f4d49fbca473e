using System;

namespace Toolkit.Runtime.Transport;

/// <summary>
/// What the client does when the service answers "loading, retry later" (503 while a model loads).
/// By default it retries at once asking the server to wait (the spec's retry header, e.g. <c>x-wait-for-model: true</c>),
/// then backs off by the server's estimated time, at most <see cref="MaxAttempts"/> attempts in all and never
/// longer than <see cref="Timeout"/>; the caller's cancellation token always wins.
/// </summary>
public sealed class LoadingRetryOptions
{
    /// <summary>Whether to retry at all. When false the first loading answer throws an <see cref="Errors.ApiException"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Attempts in all, the first included. Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The longest the client waits for loading, from the first loading answer. Default 5 minutes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest single pause between attempts, whatever the server estimates. Default 30 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}
