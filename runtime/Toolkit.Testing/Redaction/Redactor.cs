using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Toolkit.Runtime.Errors;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Json;

namespace Toolkit.Testing.Redaction;

/// <summary>
/// Scrubs secrets from exchanges: named headers, JSON fields and query parameters, the exact secret values given
/// (the token a request carried, say; also URL-encoded), and anything shaped like a Hugging Face token (<c>hf_</c>
/// followed by letters and digits, also <c>hf%5F</c>) in URLs, header values and bodies. Text and JSON bodies are
/// scrubbed as text; other bodies byte by byte; an encoded body (gzip, deflate, br) is decoded first and stored
/// decoded, and one that cannot be decoded is refused (<see cref="RedactionException"/>). Exchanges without secrets
/// come back byte-for-byte unchanged.
/// </summary>
public sealed class Redactor
{
    private static readonly IReadOnlyCollection<string> NoSecrets = Array.Empty<string>();

    private readonly RedactionOptions _options;

    /// <summary>Creates a redactor; null options mean the defaults only.</summary>
    public Redactor(RedactionOptions? options = null) => _options = options ?? new RedactionOptions();

    /// <summary>Replaces every Hugging Face-shaped token in <paramref name="text"/>.</summary>
    public static string ScrubTokens(string text) => Secrets.ScrubTokenShapes(text);

    /// <summary>The credentials a request carries in its secret headers (the token of <c>Bearer {token}</c>, and the whole value).</summary>
    public IReadOnlyCollection<string> CredentialsOf(RecordedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<string>? found = null;
        foreach (var (name, value) in request.Headers)
        {
            if (!IsSecretHeader(name) || value.Length == 0 || value == RedactionOptions.Placeholder) continue;
            found ??= new List<string>();
            found.Add(value);
            var space = value.IndexOf(' ');
            if (space > 0 && space < value.Length - 1) found.Add(value[(space + 1)..].Trim());
        }
        return found ?? NoSecrets;
    }

    /// <summary>The exchange with its secrets replaced by <see cref="RedactionOptions.Placeholder"/>.</summary>
    public RecordedExchange Redact(RecordedExchange exchange) => Redact(exchange, null);

    /// <summary>The exchange with its secrets, and every occurrence of <paramref name="secrets"/>, replaced.</summary>
    public RecordedExchange Redact(RecordedExchange exchange, IReadOnlyCollection<string>? secrets)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        // The request's own credentials are secrets wherever they turn up, the response included.
        var all = secrets is null ? CredentialsOf(exchange.Request) : secrets.Concat(CredentialsOf(exchange.Request)).ToArray();
        return exchange with { Request = Redact(exchange.Request, all), Response = Redact(exchange.Response, all) };
    }

    /// <summary>The request with its secrets replaced.</summary>
    public RecordedRequest Redact(RecordedRequest request) => Redact(request, CredentialsOf(request));

    /// <summary>The response with its secrets replaced.</summary>
    public RecordedResponse Redact(RecordedResponse response) => Redact(response, NoSecrets);

    private RecordedRequest Redact(RecordedRequest request, IReadOnlyCollection<string> secrets)
    {
        var (headers, body) = Decoded(request.Headers, request.Body);
        return request with { Url = RedactUrl(request.Url, secrets), Headers = RedactHeaders(headers, secrets), Body = RedactBody(body, secrets) };
    }

    private RecordedResponse Redact(RecordedResponse response, IReadOnlyCollection<string> secrets)
    {
        var (headers, body) = Decoded(response.Headers, response.Body);
        return response with { Headers = RedactHeaders(headers, secrets), Body = RedactBody(body, secrets) };
    }

    /// <summary>An encoded body, decoded (its secrets are scrubbed next), with headers that say so.</summary>
    private static (IReadOnlyDictionary<string, string> Headers, RecordedBody? Body) Decoded(IReadOnlyDictionary<string, string> headers, RecordedBody? body)
    {
        if (body is null || body.Bytes.IsEmpty || !headers.TryGetValue("Content-Encoding", out var encoding) || ContentEncodings.IsIdentity(encoding))
        {
            return (headers, body);
        }
        var decoded = ContentEncodings.Decode(encoding, body.Bytes);
        var result = CassetteFile.NewHeaders();
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
            result[name] = name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                ? decoded.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : value;
        }
        return (result, new RecordedBody(decoded));
    }

    private static string Scrub(string text, IReadOnlyCollection<string> secrets)
    {
        foreach (var secret in secrets) text = Secrets.Scrub(text, secret);
        return Secrets.ScrubTokenShapes(text);
    }

    private static bool HasSecret(string text, IReadOnlyCollection<string> secrets)
        => Secrets.HasTokenShape(text) || secrets.Any(s => s.Length > 0 && text.Contains(s, StringComparison.Ordinal));

    private bool IsSecretHeader(string name)
        => _options.Headers.Contains(name) || RedactionOptions.AlwaysRedactedHeaders.Contains(name, StringComparer.OrdinalIgnoreCase);

    private IReadOnlyDictionary<string, string> RedactHeaders(IReadOnlyDictionary<string, string> headers, IReadOnlyCollection<string> secrets)
    {
        var result = CassetteFile.NewHeaders();
        foreach (var (name, value) in headers)
        {
            result[name] = IsSecretHeader(name) ? RedactionOptions.Placeholder : Scrub(value, secrets);
        }
        return result;
    }

    private string RedactUrl(string url, IReadOnlyCollection<string> secrets)
    {
        url = Scrub(url, secrets);
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

    private RecordedBody? RedactBody(RecordedBody? body, IReadOnlyCollection<string> secrets)
    {
        if (body is null || body.Bytes.IsEmpty) return body;
        var text = body.TryGetText();
        if (text is null)
        {
            // Not text: scrub the bytes themselves (a token is ASCII wherever it sits).
            var bytes = body.Bytes.ToArray();
            var scrubbedBytes = Secrets.ScrubBytes(bytes, secrets);
            return ReferenceEquals(scrubbedBytes, bytes) ? body : new RecordedBody(scrubbedBytes);
        }

        if (!JsonBytes.TryParse(body.Bytes, out var document))
        {
            var scrubbed = Scrub(text, secrets);
            return scrubbed == text ? body : RecordedBody.FromText(scrubbed);
        }
        using (document)
        {
            try
            {
                return NeedsRedaction(document.RootElement, secrets) ? new RecordedBody(JsonBytes.Write(w => WriteRedacted(w, document.RootElement, secrets))) : body;
            }
            catch (InvalidOperationException)
            {
                // A string escape that is no text (an unpaired surrogate): scrub the JSON as text instead.
                var scrubbed = Scrub(text, secrets);
                return scrubbed == text ? body : RecordedBody.FromText(scrubbed);
            }
        }
    }

    private bool NeedsRedaction(JsonElement element, IReadOnlyCollection<string> secrets) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Any(p => _options.JsonFields.Contains(p.Name) || HasSecret(p.Name, secrets) || NeedsRedaction(p.Value, secrets)),
        JsonValueKind.Array => element.EnumerateArray().Any(e => NeedsRedaction(e, secrets)),
        JsonValueKind.String => HasSecret(element.GetString()!, secrets),
        _ => false,
    };

    private void WriteRedacted(Utf8JsonWriter w, JsonElement element, IReadOnlyCollection<string> secrets)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    w.WritePropertyName(Scrub(property.Name, secrets));
                    if (_options.JsonFields.Contains(property.Name)) w.WriteStringValue(RedactionOptions.Placeholder);
                    else WriteRedacted(w, property.Value, secrets);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in element.EnumerateArray()) WriteRedacted(w, item, secrets);
                w.WriteEndArray();
                break;
            case JsonValueKind.String:
                w.WriteStringValue(Scrub(element.GetString()!, secrets));
                break;
            default:
                element.WriteTo(w);
                break;
        }
    }
}
