using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Toolkit.Testing.Contracts;
using Toolkit.Runtime.Transport;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Verification;

namespace Toolkit.Testing.Routing;

/// <summary>
/// Whether a recorded exchange fits an operation's schemas: the request (JSON against the payload's schema, a raw body
/// by its media type) and the response (a documented status; the body against the success, error or event schema).
/// Routing uses it to tell apart operations that share a method and path. A part the recording lacks (no request
/// body) fits anything.
/// </summary>
internal sealed class ShapeMatcher
{
    /// <summary>At most this many events of a stream are checked: enough to tell one event shape from another.</summary>
    private const int EventsChecked = 16;

    private readonly Dictionary<(IApiContract, int), SchemaValidator?> _validators = new();

    /// <summary>
    /// Whether the exchange fits in every part; <paramref name="exactness"/> counts the parts that fit exactly: a
    /// request with no member (or raw media type) the operation does not name, a response with no member its schema does not name.
    /// </summary>
    public bool Fits(IApiContract contract, RecordedExchange exchange, out int exactness)
    {
        exactness = 0;
        if (!ResponseFits(contract, exchange.Response, out var exactResponse) || !RequestFits(contract, exchange.Request, out var exactRequest)) return false;
        exactness = (exactRequest ? 1 : 0) + (exactResponse ? 1 : 0);
        return true;
    }

    private bool RequestFits(IApiContract contract, RecordedRequest request, out bool exact)
    {
        exact = false;
        if (request.Body is not { } recorded) return true;
        var body = recorded.Bytes.Span;
        var type = request.Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
        var trimmed = body.TrimStart(" \t\r\n"u8);
        var json = type is not null ? type.Contains("json", StringComparison.OrdinalIgnoreCase) : !trimmed.IsEmpty && (trimmed[0] == (byte)'{' || trimmed[0] == (byte)'[');
        if (!json)
        {
            if (contract.RawRequestContentType is not { } raw) return false;
            var media = type ?? MediaSniffer.Sniff(body);
            exact = media is not null && MediaTypes.Matches(raw, media);
            return media is null || MediaTypes.Matches(raw, media) || raw.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase);
        }
        if (Validator(contract, 0, c => c.RequestJsonSchema) is not { } schema) return false;
        using var document = Parse(recorded.Bytes);
        if (document is null) return false;
        // Binary fields travel as base64: text that does not decode was not meant for them.
        if (schema.Validate(document.RootElement, closedObjects: false, encodings: true).Count > 0) return false;
        exact = schema.Validate(document.RootElement, closedObjects: true, encodings: true).Count == 0;
        return true;
    }

    private bool ResponseFits(IApiContract contract, RecordedResponse response, out bool exact)
    {
        exact = false;
        var body = response.Body?.Bytes ?? ReadOnlyMemory<byte>.Empty;
        var type = response.Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
        if (contract.ErrorStatuses.Contains(response.Status))
        {
            if (Validator(contract, 1, c => c.ErrorJsonSchema) is not { } error) return true;
            using var document = Parse(body);
            if (document is null || error.Validate(document.RootElement).Count > 0) return false;
            exact = error.Validate(document.RootElement, closedObjects: true).Count == 0;
            return true;
        }
        if (!contract.SuccessStatuses.Contains(response.Status)) return false;
        if (Streams.RecordedEvents.IsEventStream(response))
        {
            if (Validator(contract, 2, c => c.StreamEventJsonSchema) is not { } eventSchema) return false;
            foreach (var (_, data) in Streams.RecordedEvents.Split(body).Take(EventsChecked))
            {
                if (contract.StreamSentinel is { } sentinel && data.AsSpan().SequenceEqual(System.Text.Encoding.UTF8.GetBytes(sentinel))) break;
                using var document = Parse(data);
                if (document is null || eventSchema.Validate(document.RootElement).Count > 0) return false;
            }
            return true;
        }
        if (!MediaTypes.Accepts(contract.ResponseContentType, type)) return false;
        if (Validator(contract, 3, c => c.ResponseJsonSchema) is not { } schema)
        {
            exact = type is not null; // raw bytes: the media type decides
            return true;
        }
        using var parsed = Parse(body);
        if (parsed is null || schema.Validate(parsed.RootElement).Count > 0) return false;
        exact = schema.Validate(parsed.RootElement, closedObjects: true).Count == 0;
        return true;
    }

    private SchemaValidator? Validator(IApiContract contract, int which, Func<IApiContract, string?> schema)
    {
        if (!_validators.TryGetValue((contract, which), out var validator))
        {
            validator = schema(contract) is { } text ? new SchemaValidator(text) : null;
            _validators[(contract, which)] = validator;
        }
        return validator;
    }

    private static JsonDocument? Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
