using System;

namespace Toolkit.Http.Registration;

/// <summary>
/// What the registration needs to know about one generated client, emitted by the generator: its name, the
/// service's "loading" convention and where its secret lives (so that logs can scrub it).
/// </summary>
/// <typeparam name="TOptions">The generated client options type.</typeparam>
/// <param name="Name">The spec's name, used as the HttpClient and resilience pipeline name.</param>
/// <param name="LoadingStatus">The status meaning "loading, retry later" (503), or null.</param>
/// <param name="WaitHeader">The boolean header that asks the server to wait instead (set on retries), or null.</param>
/// <param name="EstimatedTimeField">The error body's field with the estimated seconds until ready, or null.</param>
/// <param name="Secret">Reads the token from the options, to keep it out of every log line.</param>
/// <param name="DisableClientRetry">Turns off the client's own loading retry: the resilience pipeline retries instead.</param>
/// <param name="Limits">Reads the client's transport limits: the pipeline reads each attempt's body within them.</param>
public sealed record ToolkitClientDescriptor<TOptions>(
    string Name,
    int? LoadingStatus,
    string? WaitHeader,
    string? EstimatedTimeField,
    Func<TOptions, string?> Secret,
    Action<TOptions> DisableClientRetry,
    Func<TOptions, Toolkit.Runtime.Transport.TransportLimits> Limits)
    where TOptions : class;
