using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Toolkit.Testing.Contracts;
using Toolkit.Runtime.Errors;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Matching;
using Toolkit.Testing.Recording;
using Toolkit.Testing.Routing;

namespace Toolkit.Testing.Replay;

/// <summary>
/// Makes recorded calls again through the generated client (<c>toolkit replay</c>): each exchange is routed to its
/// operation, the typed call is rebuilt from the recorded request (<see cref="IApiContract.ReplayAsync"/>) and sent
/// to a handler that answers with the recorded response. The outcome says what a caller receives (the typed result
/// or the typed error) and whether the client sent what the recording shows (method, path, query, body as JSON).
/// </summary>
public sealed class ExchangeReplayer
{
    private static readonly RequestMatcher Matcher = new(new MatchOptions { CompareHeaders = false, NullMeansAbsent = true });

    /// <summary>The matcher for an operation: the query parameters its client adds from options (an API key) are not compared.</summary>
    private static RequestMatcher MatcherFor(IApiContract contract)
    {
        if (contract.ClientQueryParameters.Count == 0) return Matcher;
        var options = new MatchOptions { CompareHeaders = false, NullMeansAbsent = true };
        foreach (var name in contract.ClientQueryParameters) options.IgnoredQueryParameters.Add(name);
        return new RequestMatcher(options);
    }
    private readonly OperationRouter _router;
    private readonly string? _operation;

    /// <summary>A replayer over an API's operations (e.g. <c>HfInferenceContract.Operations</c>).</summary>
    public ExchangeReplayer(IEnumerable<IApiContract> operations, string? operation = null, IEnumerable<string>? baseUrls = null)
    {
        _router = new OperationRouter(operations ?? throw new ArgumentNullException(nameof(operations)), baseUrls);
        _operation = operation;
    }

    /// <summary>Replays one exchange.</summary>
    public async Task<ReplayOutcome> ReplayAsync(RecordedExchange exchange, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var route = _router.Route(exchange, exchange.Operation ?? _operation);
        if (route.Kind != RouteKind.Routed) return new ReplayOutcome(route, exchange.Response.Status, null, null, Array.Empty<RequestDifference>(), 0);

        var contract = route.Contract!;
        var streamed = contract.StreamEventJsonSchema is not null && Streams.RecordedEvents.IsEventStream(exchange.Response);
        var baseAddress = new Uri(route.BaseUrl + "/");
        var expectsBody = contract.RequestJsonSchema is not null || contract.RawRequestContentType is not null;
        if (exchange.Request.Body is null && expectsBody)
        {
            // Many recorders keep no request body (HAR exports, proxies, async clients): the answer is still read.
            var (answer, answerEvents, answerError) = await ReadAnswerAsync(contract, exchange, baseAddress, route, streamed, cancellationToken).ConfigureAwait(false);
            return new ReplayOutcome(route, exchange.Response.Status, answer, answerError, Array.Empty<RequestDifference>(), 0)
            {
                Events = answerEvents,
                Request = RequestReplay.NotRecorded,
            };
        }

        using var handler = new RecordedAnswer(exchange.Response);
        var body = exchange.Request.Body?.Bytes ?? ReadOnlyMemory<byte>.Empty;
        var call = new ReplayCall(handler, baseAddress, route.PathValues, route.Query, body, IsJson(exchange.Request, body));
        object? result = null;
        List<object>? events = null;
        Exception? error = null;
        try
        {
            if (streamed)
            {
                // A streamed answer goes through the streamed form, event by event, as a caller's await foreach reads it.
                events = new List<object>();
                await foreach (var item in contract.ReplayStreamAsync(call, cancellationToken).ConfigureAwait(false)) events.Add(item);
            }
            else
            {
                result = await contract.ReplayAsync(call, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = e;
        }
        var sent = handler.Sent;
        if (sent.Count == 0 && error is not null)
        {
            // The typed client cannot make the recorded request (a field of another type, a value it refuses): nothing
            // was sent. The answer is read all the same; why the request could not be made is kept beside it.
            var (answer, answerEvents, answerError) = await ReadAnswerAsync(contract, exchange, baseAddress, route, streamed, cancellationToken).ConfigureAwait(false);
            if (answerError is not NotSupportedException)
            {
                return new ReplayOutcome(route, exchange.Response.Status, answer, answerError, Array.Empty<RequestDifference>(), 0)
                {
                    Events = answerEvents,
                    Request = RequestReplay.NotReproducible,
                    RequestError = error,
                };
            }
        }
        var recorded = exchange.Request;
        if (route.AlternativePath is not null && sent.Count > 0 && Uri.TryCreate(recorded.Url, UriKind.Absolute, out var recordedUri) && Uri.TryCreate(sent[0].Url, UriKind.Absolute, out var sentUri))
        {
            // Recorded at another path the spec says serves the operation: the client sends to its own path, and only
            // that difference is expected (reported with the route); query and body are still compared.
            recorded = recorded with { Url = sentUri.GetLeftPart(UriPartial.Path) + recordedUri.Query };
        }
        var differences = sent.Count == 0 ? Array.Empty<RequestDifference>() : MatcherFor(contract).Compare(recorded, sent[0]);
        if (differences.Count > 0 && UnknownMembers(contract, recorded) is { Count: > 0 } unknown)
        {
            // The recording sent members the spec does not define: no typed call can send that request again.
            return new ReplayOutcome(route, exchange.Response.Status, result, error, differences, sent.Count)
            {
                Events = events,
                Request = RequestReplay.NotReproducible,
                RequestError = new InvalidOperationException("The recorded request has members the spec does not define, which the typed client cannot send: " + string.Join(", ", unknown) + "."),
            };
        }
        return new ReplayOutcome(route, exchange.Response.Status, result, error, differences, sent.Count) { Events = events };
    }

    /// <summary>The pointers of the recorded JSON request's members that the operation's request schema does not name.</summary>
    private static List<string>? UnknownMembers(IApiContract contract, RecordedRequest request)
    {
        if (contract.RequestJsonSchema is not { } schema || request.Body is not { } body) return null;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body.Bytes);
            return new Verification.SchemaValidator(schema).Validate(document.RootElement, closedObjects: true)
                .Where(f => f.Expected == Verification.SchemaValidator.NoSuchMember).Select(f => f.Pointer).ToList();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The recorded answer read as the client reads it, with no request made (<see cref="IApiContract.ReadAnswerAsync"/>).</summary>
    private static async Task<(object? Result, List<object>? Events, Exception? Error)> ReadAnswerAsync(IApiContract contract, RecordedExchange exchange, Uri baseAddress, Route route,
        bool streamed, CancellationToken cancellationToken)
    {
        using var handler = new RecordedAnswer(exchange.Response);
        var call = new ReplayCall(handler, baseAddress, route.PathValues, route.Query, ReadOnlyMemory<byte>.Empty, bodyIsJson: false);
        List<object>? events = streamed ? new List<object>() : null;
        try
        {
            if (events is not null)
            {
                await foreach (var item in contract.ReadAnswerStreamAsync(call, cancellationToken).ConfigureAwait(false)) events.Add(item);
                return (null, events, null);
            }
            return (await contract.ReadAnswerAsync(call, cancellationToken).ConfigureAwait(false), null, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (null, events, e);
        }
    }

    /// <summary>Whether the recorded body is JSON: by its Content-Type, else by its first character.</summary>
    private static bool IsJson(RecordedRequest request, ReadOnlyMemory<byte> body)
    {
        var type = request.Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
        if (type is not null) return type.Contains("json", StringComparison.OrdinalIgnoreCase);
        var span = body.Span.TrimStart(" \t\r\n"u8);
        return !span.IsEmpty && (span[0] == (byte)'{' || span[0] == (byte)'[');
    }

    /// <summary>Answers every request with the recorded response and keeps what was sent.</summary>
    private sealed class RecordedAnswer(RecordedResponse response) : HttpMessageHandler
    {
        private readonly List<RecordedRequest> _sent = new();

        public IReadOnlyList<RecordedRequest> Sent
        {
            get
            {
                lock (_sent) return _sent.ToList();
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var captured = await RecordingHandler.CaptureAsync(request, cancellationToken).ConfigureAwait(false);
            lock (_sent) _sent.Add(captured);
            return RecordingHandler.ToResponse(response, request);
        }
    }
}

/// <summary>What became of the recorded request when the call was made again.</summary>
public enum RequestReplay
{
    /// <summary>The typed client made it and sent it; <see cref="ReplayOutcome.Differences"/> compare it with the recording.</summary>
    Sent,

    /// <summary>The recording has no request body (many recorders keep none): the answer was read without a request.</summary>
    NotRecorded,

    /// <summary>The typed client cannot make the recorded request (<see cref="ReplayOutcome.RequestError"/> says why): the answer was read without it.</summary>
    NotReproducible,
}

/// <summary>What replaying one exchange gave.</summary>
/// <param name="Route">Where the exchange was routed (not covered and ambiguous exchanges are not replayed).</param>
/// <param name="Status">The recorded response status.</param>
/// <param name="Result">What the generated client returned.</param>
/// <param name="Error">What it threw instead: an <see cref="ApiException"/> is the typed error a caller handles.</param>
/// <param name="Differences">How what the client sent differs from the recorded request (method, URL, query, body).</param>
/// <param name="Requests">How many requests the client sent.</param>
public sealed record ReplayOutcome(Route Route, int Status, object? Result, Exception? Error, IReadOnlyList<RequestDifference> Differences, int Requests)
{
    /// <summary>The operation it was routed to, or null.</summary>
    public IApiContract? Operation => Route.Contract;

    /// <summary>
    /// The client read the recorded answer: into its result, or into the typed error of an error status; when it could
    /// make the request, having sent exactly one that matches the recording.
    /// </summary>
    public bool IsRead => Route.Kind == RouteKind.Routed && (Error is null || Error is ApiException)
        && (Request != RequestReplay.Sent || (Differences.Count == 0 && Requests == 1));

    /// <summary>Whether the request was made again, not recorded, or not one the typed client can make.</summary>
    public RequestReplay Request { get; init; } = RequestReplay.Sent;

    /// <summary>Why the typed client cannot make the recorded request (<see cref="RequestReplay.NotReproducible"/>), e.g. a field of another type.</summary>
    public Exception? RequestError { get; init; }

    /// <summary>The typed client could not make the recorded call at all (nothing was sent); <see cref="RequestError"/> says where.</summary>
    public bool RequestNotExpressible => Request == RequestReplay.NotReproducible;

    /// <summary>The result written back with the generated writer (JSON, or the raw bytes of a binary answer).</summary>
    public byte[]? WrittenResult => Result is null || Operation is null ? null : Operation.SerializeResponse(Result);

    /// <summary>For a streamed answer: the events read (before an error, if one ended the stream); null otherwise.</summary>
    public IReadOnlyList<object>? Events { get; init; }

    /// <summary>Each event written back with the generated writer.</summary>
    public IReadOnlyList<byte[]>? WrittenEvents => Events is null || Operation is null ? null : Events.Select(Operation.SerializeEvent).ToList();
}
