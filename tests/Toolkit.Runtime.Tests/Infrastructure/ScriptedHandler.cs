using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Toolkit.Runtime.Tests.Infrastructure;

/// <summary>What the client sent, captured before the handler answers.</summary>
internal sealed record SentRequest(HttpMethod Method, Uri Uri, Dictionary<string, string> Headers, string? ContentType, byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>An in-process HttpMessageHandler that answers from a script and records every request. No network.</summary>
internal sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly Queue<Func<SentRequest, HttpResponseMessage>> _answers = new();

    public ScriptedHandler(params Func<SentRequest, HttpResponseMessage>[] answers)
    {
        foreach (var answer in answers) _answers.Enqueue(answer);
    }

    public List<SentRequest> Requests { get; } = new();

    public static ScriptedHandler Replaying(IEnumerable<RecordedExchange> exchanges)
        => new(exchanges.Select(e => (Func<SentRequest, HttpResponseMessage>)(_ => e.ToResponse())).ToArray());

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = request.Content is null ? Array.Empty<byte>() : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var sent = new SentRequest(request.Method, request.RequestUri!, headers, request.Content?.Headers.ContentType?.ToString(), body);
        Requests.Add(sent);
        if (_answers.Count == 0) throw new InvalidOperationException("The script has no answer left for " + request.RequestUri);
        var response = _answers.Dequeue()(sent);
        response.RequestMessage = request;
        return response;
    }
}
