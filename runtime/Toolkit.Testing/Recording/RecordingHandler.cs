using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Matching;
using Toolkit.Testing.Redaction;

namespace Toolkit.Testing.Recording;

/// <summary>
/// Records and replays HTTP exchanges to and from a cassette file. Put it under the generated client:
/// <c>new ImageSegmentationClient(new RecordingHandler("cassettes/segment.json"), options)</c>.
/// In <see cref="RecordingMode.Playback"/> (the default) the network is never touched; every cassette written is
/// redacted first. Safe for concurrent requests.
/// </summary>
public sealed class RecordingHandler : DelegatingHandler
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly RecordingOptions _options;
    private readonly RequestMatcher _matcher;
    private readonly Redactor _redactor;
    private readonly bool _modeFromCode;
    private readonly bool _cassetteExisted;
    private readonly List<bool> _played = new();

    /// <summary>A handler whose live requests (Record, Auto, Live) go through a new <see cref="HttpClientHandler"/>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0027", Justification = "The longer overload adds a required handler; the options stay optional only where no handler is given.")]
    public RecordingHandler(string cassettePath, RecordingOptions? options = null)
        : this(cassettePath, options, new HttpClientHandler())
    {
    }

    /// <summary>A handler whose live requests go through <paramref name="innerHandler"/>.</summary>
    public RecordingHandler(string cassettePath, RecordingOptions? options, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        ArgumentNullException.ThrowIfNull(cassettePath);
        CassettePath = Path.GetFullPath(cassettePath);
        _options = options ?? new RecordingOptions();
        _modeFromCode = _options.Mode.HasValue;
        Mode = _options.Mode ?? RecordingModes.FromEnvironment() ?? RecordingMode.Playback;
        _matcher = new RequestMatcher(_options.Matching);
        _redactor = new Redactor(_options.Redaction);
        _cassetteExisted = File.Exists(CassettePath);
        Cassette = Mode is RecordingMode.Playback or RecordingMode.Auto && _cassetteExisted
            ? CassetteFile.Load(CassettePath)
            : NewCassette();
        _played.AddRange(Cassette.Exchanges.Select(_ => false));
    }

    /// <summary>The cassette file.</summary>
    public string CassettePath { get; }

    /// <summary>The mode in effect (from the options, else the environment, else Playback).</summary>
    public RecordingMode Mode { get; }

    /// <summary>The exchanges loaded or recorded so far.</summary>
    public Cassette Cassette { get; }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Mode == RecordingMode.Live) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        var live = await CaptureAsync(request, cancellationToken).ConfigureAwait(false);
        var redacted = _redactor.Redact(live);
        if (Mode is RecordingMode.Playback or RecordingMode.Auto)
        {
            RecordedExchange? found;
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                found = FindLocked(redacted, out var closest, out var closestIndex, out var differences);
                if (found is null && Mode == RecordingMode.Playback)
                {
                    throw new UnmatchedRequestException(CassettePath, Mode, _modeFromCode, redacted, closest, closestIndex, differences,
                        _cassetteExisted ? null : "The cassette file does not exist.");
                }
            }
            finally
            {
                _gate.Release();
            }
            if (found is not null)
            {
                var replayed = ToResponse(found.Response, request);
                if (_options.PaceStreams && found.Response.Timing.Count > 0)
                {
                    var paced = new StreamContent(new PacedStream(found.Response.Body?.Bytes ?? ReadOnlyMemory<byte>.Empty, found.Response.Timing));
                    foreach (var (name, values) in replayed.Content.Headers) paced.Headers.TryAddWithoutValidation(name, values);
                    replayed.Content = paced;
                }
                return replayed;
            }
        }

        // Record, or Auto with nothing recorded: ask the real service.
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentType?.MediaType is { } type && Toolkit.Runtime.Transport.MediaTypes.Matches("text/event-stream", type))
        {
            // A stream passes through as it arrives and is saved once it has been read to its end.
            var headers = CassetteFile.NewHeaders();
            foreach (var (name, values) in response.Headers) headers[name] = string.Join(", ", values);
            foreach (var (name, values) in response.Content.Headers) headers[name] = string.Join(", ", values);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var capture = new StreamCapture(body, _options.MaxBodyBytes, (bytes, timing) =>
                KeepAsync(new RecordedExchange(live, new RecordedResponse(status, headers, bytes.Length == 0 ? null : new RecordedBody(bytes)) { Timing = timing.ToArray() })));
            var content = new StreamContent(capture);
            foreach (var (name, values) in response.Content.Headers) content.Headers.TryAddWithoutValidation(name, values);
            response.Content = content;
            return response;
        }
        RecordedResponse recorded;
        try
        {
            recorded = await CaptureAsync(response, _options.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }
        await KeepAsync(new RecordedExchange(live, recorded), cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <summary>Adds a recorded exchange to the cassette and saves it.</summary>
    private async Task KeepAsync(RecordedExchange exchange, CancellationToken cancellationToken = default)
    {
        // Redacted before it is kept, even in memory: Cassette is public, and the raw token must not sit in it.
        exchange = _redactor.Redact(exchange with { Operation = _options.Operation });
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Cassette.Exchanges.Add(exchange);
            _played.Add(true);
            Cassette.Recorded = DateTimeOffset.UtcNow;
            CassetteFile.Save(Cassette, CassettePath, _options.Redaction);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The first not-yet-played recorded exchange that matches; when all matches were played, the last of
    /// them again (a client that repeats an identical request gets the same answer).
    /// </summary>
    private RecordedExchange? FindLocked(RecordedRequest request, out RecordedRequest? closest, out int closestIndex, out IReadOnlyList<RequestDifference> differences)
    {
        closest = null;
        closestIndex = -1;
        differences = Array.Empty<RequestDifference>();
        var lastMatch = -1;
        var bestScore = int.MaxValue;
        for (var i = 0; i < Cassette.Exchanges.Count; i++)
        {
            var recorded = _redactor.Redact(Cassette.Exchanges[i].Request);
            var diff = _matcher.Compare(recorded, request);
            if (diff.Count == 0)
            {
                if (!_played[i])
                {
                    _played[i] = true;
                    return Cassette.Exchanges[i];
                }
                lastMatch = i;
                continue;
            }
            var score = Score(diff);
            if (score < bestScore)
            {
                bestScore = score;
                closest = recorded;
                closestIndex = i;
                differences = diff;
            }
        }
        return lastMatch >= 0 ? Cassette.Exchanges[lastMatch] : null;
    }

    /// <summary>A different method or path outweighs any number of header or body differences.</summary>
    private static int Score(IReadOnlyList<RequestDifference> differences)
        => differences.Sum(d => d.Part is "method" or "url" ? 100 : d.Part == "query" ? 10 : 1);

    private Cassette NewCassette() => new()
    {
        Spec = _options.Contract is { } c ? new CassetteSpec(c.SpecName, c.SpecVersion, c.SpecSha256) : null,
    };

    internal static async Task<RecordedRequest> CaptureAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = CassetteFile.NewHeaders();
        foreach (var (name, values) in request.Headers) headers[name] = string.Join(", ", values);
        RecordedBody? body = null;
        if (request.Content is { } content)
        {
            foreach (var (name, values) in content.Headers) headers[name] = string.Join(", ", values);
            var bytes = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            body = new RecordedBody(bytes);
            // The content may be a one-shot stream: give the inner handler a buffered copy.
            var copy = new ByteArrayContent(bytes);
            foreach (var (name, values) in content.Headers) copy.Headers.TryAddWithoutValidation(name, values);
            request.Content = copy;
        }
        return new RecordedRequest(request.Method.Method, request.RequestUri?.AbsoluteUri ?? "", headers, body);
    }

    private static async Task<RecordedResponse> CaptureAsync(HttpResponseMessage response, long maxBytes, CancellationToken cancellationToken)
    {
        var headers = CassetteFile.NewHeaders();
        foreach (var (name, values) in response.Headers) headers[name] = string.Join(", ", values);
        // Bounded like the client's own read, and under the caller's token: a dripping body is cut by its timeout.
        var bytes = await Toolkit.Runtime.Transport.ResponseBodies.ReadAsync(response.Content, maxBytes, nameof(RecordingOptions.MaxBodyBytes), response.StatusCode, cancellationToken).ConfigureAwait(false);
        foreach (var (name, values) in response.Content.Headers) headers[name] = string.Join(", ", values);
        var copy = new ReadOnlyMemoryContent(bytes);
        foreach (var (name, values) in response.Content.Headers) copy.Headers.TryAddWithoutValidation(name, values);
        response.Content = copy;
        return new RecordedResponse((int)response.StatusCode, headers, bytes.Length == 0 ? null : new RecordedBody(bytes));
    }

    internal static HttpResponseMessage ToResponse(RecordedResponse recorded, HttpRequestMessage request)
    {
        var response = new HttpResponseMessage((HttpStatusCode)recorded.Status)
        {
            RequestMessage = request,
            Content = new ByteArrayContent(recorded.Body?.Bytes.ToArray() ?? Array.Empty<byte>()),
        };
        foreach (var (name, value) in recorded.Headers)
        {
            // The replayed content has its own length and is not chunked.
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
            if (!response.Headers.TryAddWithoutValidation(name, value)) response.Content.Headers.TryAddWithoutValidation(name, value);
        }
        return response;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _gate.Dispose();
        base.Dispose(disposing);
    }
}
