using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Toolkit.Runtime.Errors;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Json;

namespace Toolkit.Testing.Redaction;

/// <summary>
/// Scrubs secrets from exchanges: named headers, JSON fields and query parameters, and anything shaped like a
/// Hugging Face token (<c>hf_</c> followed by letters and digits) in URLs, header values and text or JSON bodies.
/// Binary bodies are left alone. Exchanges without secrets come back byte-for-byte unchanged.
/// </summary>
public sealed class Redactor
{
    private readonly RedactionOptions _options;

    /// <summary>Creates a redactor; null options mean the defaults only.</summary>
    public Redactor(RedactionOptions? options = null) => _options = options ?? new RedactionOptions();

    /// <summary>Replaces every Hugging Face-shaped token in <paramref name="text"/>.</summary>
    public static string ScrubTokens(string text) => Secrets.ScrubTokenShapes(text);

    /// <summary>The exchange with its secrets replaced by <see cref="RedactionOptions.Placeholder"/>.</summary>
    public RecordedExchange Redact(RecordedExchange exchange)
        => new(Redact(exchange.Request), Redact(exchange.Response));

    /// <summary>The request with its secrets replaced.</summary>
    public RecordedRequest Redact(RecordedRequest request)
        => request with { Url = RedactUrl(request.Url), Headers = RedactHeaders(request.Headers), Body = RedactBody(request.Body) };

    /// <summary>The response with its secrets replaced.</summary>
    public RecordedResponse Redact(RecordedResponse response)
        => response with { Headers = RedactHeaders(response.Headers), Body = RedactBody(response.Body) };

    private bool IsSecretHeader(string name)
        => _options.Headers.Contains(name) || RedactionOptions.AlwaysRedactedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase);

    private IReadOnlyDictionary<string, string> RedactHeaders(IReadOnlyDictionary<string, string> headers)
    {
        var result = CassetteFile.NewHeaders();
        foreach (var (name, value) in headers)
        {
            result[name] = IsSecretHeader(name) ? RedactionOptions.Placeholder : ScrubTokens(value);
        }
        return result;
    }

    private string RedactUrl(string url)
    {
        url = ScrubTokens(url);
        if (_options.QueryParameters.Count == 0) return url;
        var queryStart = url.IndexOf('?');
        if (queryStart < 0) return url;
        var fragmentStart = url.IndexOf('#', queryStart);
        var query = fragmentStart < 0 ? url[(queryStart + 1)..] : url[(queryStart + 1)..fragmentStart];
        var parts = query.Split('&').Select(part =>
        {
            var eq = part.IndexOf('=');
            var name = Uri.UnescapeDataString(eq < 0 ? part : part[..eq]);
            return _options.QueryParameters.Contains(name) ? (eq < 0 ? part : part[..eq]) + "=" + Uri.EscapeDataString(RedactionOptions.Placeholder) : part;
        });
        return url[..(queryStart + 1)] + string.Join("&", parts) + (fragmentStart < 0 ? "" : url[fragmentStart..]);
    }

    private RecordedBody? RedactBody(RecordedBody? body)
    {
        if (body is null || body.Bytes.IsEmpty) return body;
        var text = body.TryGetText();
        if (text is null) return body; // binary: nothing text-shaped to scrub

        if (!JsonBytes.TryParse(body.Bytes, out var document))
        {
            var scrubbed = ScrubTokens(text);
            return scrubbed == text ? body : RecordedBody.FromText(scrubbed);
        }
        using (document)
        {
            return NeedsRedaction(document.RootElement) ? new RecordedBody(JsonBytes.Write(w => WriteRedacted(w, document.RootElement))) : body;
        }
    }

    private bool NeedsRedaction(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Any(p => _options.JsonFields.Contains(p.Name) || Secrets.HasTokenShape(p.Name) || NeedsRedaction(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Any(NeedsRedaction),
        JsonValueKind.String => Secrets.HasTokenShape(element.GetString()!),
        _ => false,
    };

    private void WriteRedacted(Utf8JsonWriter w, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    w.WritePropertyName(ScrubTokens(property.Name));
                    if (_options.JsonFields.Contains(property.Name)) w.WriteStringValue(RedactionOptions.Placeholder);
                    else WriteRedacted(w, property.Value);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in element.EnumerateArray()) WriteRedacted(w, item);
                w.WriteEndArray();
                break;
            case JsonValueKind.String:
                w.WriteStringValue(ScrubTokens(element.GetString()!));
                break;
            default:
                element.WriteTo(w);
                break;
        }
    }
}
