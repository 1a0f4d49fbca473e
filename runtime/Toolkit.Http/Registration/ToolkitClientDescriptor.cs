using System;

namespace Toolkit.Http.Registration;

/// <summary>
/// What the registration needs to know about one generated client, emitted by the generator: its name, the
/// service's error format and "loading" convention (the client's own), and where its secret lives (so that logs can scrub it).
/// </summary>
/// <typeparam name="TOptions">The generated client options type.</typeparam>
/// <param name="Name">The spec's name, used as the HttpClient and resilience pipeline name.</param>
/// <param name="ErrorFormat">The API's error format and loading convention, the very one the client uses.</param>
/// <param name="Secret">Reads the token from the options, to keep it out of every log line.</param>
/// <param name="DisableClientRetry">Turns off the client's own loading retry: the resilience pipeline retries instead.</param>
/// <param name="Limits">Reads the client's transport limits: the pipeline reads each attempt's body within them.</param>
public sealed record ToolkitClientDescriptor<TOptions>(
    string Name,
    Toolkit.Runtime.Errors.ApiErrorFormat ErrorFormat,
    Func<TOptions, string?> Secret,
    Action<TOptions> DisableClientRetry,
    Func<TOptions, Toolkit.Runtime.Transport.TransportLimits> Limits)
    where TOptions : class;
