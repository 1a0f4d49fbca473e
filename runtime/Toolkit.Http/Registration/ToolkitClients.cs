using System;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Toolkit.Http.Logging;
using Toolkit.Http.Resilience;
using Toolkit.Http.Transport;

namespace Toolkit.Http.Registration;

/// <summary>
/// Registers a generated client over IHttpClientFactory: options pattern, a resilience pipeline
/// (total timeout → retry → attempt timeout) and a logging handler. Generated <c>Add{Spec}Client</c> extension
/// methods call this; use them rather than this type.
/// </summary>
public static class ToolkitClients
{
    /// <summary>Registers <typeparamref name="TClient"/> as a typed client.</summary>
    public static IHttpClientBuilder Add<TClient, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
        IServiceCollection services,
        ToolkitClientDescriptor<TOptions> descriptor,
        Func<HttpClient, TOptions, TClient> create,
        Action<TOptions>? configure,
        Action<ToolkitResilienceOptions>? configureResilience)
        where TClient : class
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(create);
        var options = services.AddOptions<TOptions>();
        if (configure is not null) options.Configure(configure);
        var resilience = new ToolkitResilienceOptions();
        configureResilience?.Invoke(resilience);

        Func<HttpClient, IServiceProvider, TClient> factory = (http, provider) =>
        {
            var value = provider.GetRequiredService<IOptions<TOptions>>().Value;
            descriptor.DisableClientRetry(value); // the pipeline below retries; two retry loops would multiply attempts
            // The pipeline's timeouts govern (each attempt's body is read inside it, below). The client's own clock
            // is only a backstop just behind the pipeline's total: one client attempt holds all the pipeline's retries.
            var limits = descriptor.Limits(value);
            limits.AttemptTimeout = limits.TotalTimeout = resilience.TotalTimeout == Timeout.InfiniteTimeSpan
                ? Timeout.InfiniteTimeSpan
                : resilience.TotalTimeout + TimeSpan.FromSeconds(1);
            return create(http, value);
        };
        var builder = services.AddHttpClient(descriptor.Name).AddTypedClient(factory);
        // The pipeline's timeouts govern, not HttpClient's fixed 100 s (which stops at the headers anyway).
        builder.ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
        builder.AddResilienceHandler(descriptor.Name, (pipeline, context) =>
        {
            var logger = Logger(context.ServiceProvider, descriptor.Name);
            var secret = Secret(context.ServiceProvider, descriptor);
            pipeline.AddTimeout(resilience.TotalTimeout);
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                ShouldRetryAfterHeader = false, // the delay generator below reads Retry-After itself
                MaxRetryAttempts = resilience.MaxRetryAttempts,
                Delay = resilience.BaseDelay,
                MaxDelay = resilience.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    HttpClientResiliencePredicates.IsTransient(args.Outcome)
                    || (args.Outcome.Result is { } answer && descriptor.ErrorFormat.IsLoading(answer.StatusCode))),
                DelayGenerator = async args =>
                    await RetryDelays.FromResponseAsync(args.Outcome.Result, descriptor.ErrorFormat, resilience.MaxDelay, args.Context.CancellationToken).ConfigureAwait(false),
                OnRetry = args =>
                {
                    if (descriptor.ErrorFormat.LoadingRetryHeader is { } header && args.Context.GetRequestMessage() is { } request)
                    {
                        // Ask the server to hold the request while the model loads, as the client's own retry does.
                        request.Headers.Remove(header);
                        request.Headers.TryAddWithoutValidation(header, "true");
                    }
                    var reason = args.Outcome.Result is { } response
                        ? "HTTP " + ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
                        : Toolkit.Runtime.Errors.Secrets.Scrub(args.Outcome.Exception?.GetType().Name ?? "failure", secret());
                    ToolkitLog.Retry(logger, descriptor.Name, args.AttemptNumber + 1, RetryDelays.Format(args.RetryDelay), reason);
                    return default;
                },
            });
            pipeline.AddTimeout(resilience.AttemptTimeout);
        });
        builder.AddHttpMessageHandler(provider => new ToolkitLoggingHandler(Logger(provider, descriptor.Name), descriptor.Name, Secret(provider, descriptor)));
        // Inside the pipeline: each attempt's body is read within the attempt timeout and the size limits.
        builder.AddHttpMessageHandler(provider => new BoundedBodyHandler(() => descriptor.Limits(provider.GetRequiredService<IOptions<TOptions>>().Value)));
        return builder;
    }

    private static ILogger Logger(IServiceProvider provider, string name)
        => (provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("Toolkit.Http." + name);

    private static Func<string?> Secret<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(IServiceProvider provider, ToolkitClientDescriptor<TOptions> descriptor)
        where TOptions : class
        => () => descriptor.Secret(provider.GetRequiredService<IOptions<TOptions>>().Value);
}
