using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using Toolkit.Testing.Json;
using Toolkit.Testing.Redaction;

namespace Toolkit.Testing.Cassettes;

/// <summary>
/// Reads and writes cassettes as indented JSON with a fixed key order and sorted headers, so that re-recording
/// the same exchanges gives the same file and diffs stay readable. Bodies are written as
/// <c>{"json": ...}</c> when they are JSON that re-serializes to the very same bytes, <c>{"text": "..."}</c> for
/// other UTF-8 text, and <c>{"base64": "...", "sha256": "..."}</c> otherwise: no byte is ever lost.
/// </summary>
public static class CassetteFile
{
    /// <summary>The value of the file's <c>format</c> key.</summary>
    public const string FormatName = "toolkit-cassette";

    private static readonly JsonWriterOptions IndentedOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>Loads a cassette file. Throws <see cref="CassetteFormatException"/> when it is not one.</summary>
    public static Cassette Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Read(File.ReadAllBytes(path), path);
    }

    /// <summary>
    /// Writes a cassette file atomically (a half-written cassette never replaces a good one), redacted with
    /// <paramref name="redaction"/> on top of the secrets that are always scrubbed.
    /// </summary>
    public static void Save(Cassette cassette, string path, RedactionOptions? redaction = null)
    {
        ArgumentNullException.ThrowIfNull(cassette);
        ArgumentNullException.ThrowIfNull(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        File.WriteAllBytes(temp, Write(cassette, redaction));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The cassette as UTF-8 JSON bytes, redacted: there is no way to write a secret.</summary>
    public static byte[] Write(Cassette cassette, RedactionOptions? redaction = null)
    {
        ArgumentNullException.ThrowIfNull(cassette);
        var redactor = new Redactor(redaction);
        var output = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(output, IndentedOptions))
        {
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteNumber("formatVersion", cassette.FormatVersion);
            if (cassette.Spec is { } spec)
            {
                w.WriteStartObject("spec");
                w.WriteString("name", spec.Name);
                w.WriteString("version", spec.Version);
                if (spec.Sha256 is not null) w.WriteString("sha256", spec.Sha256);
                w.WriteEndObject();
            }
            w.WriteString("recorded", cassette.Recorded.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            if (cassette.Source is not null) w.WriteString("source", Redactor.ScrubTokens(cassette.Source));
            w.WriteStartArray("exchanges");
            foreach (var exchange in cassette.Exchanges.Select(redactor.Redact))
            {
                w.WriteStartObject();
                if (exchange.Operation is not null) w.WriteString("operation", exchange.Operation);
                w.WriteStartObject("request");
                w.WriteString("method", exchange.Request.Method);
                w.WriteString("url", exchange.Request.Url);
                WriteHeaders(w, exchange.Request.Headers);
                WriteBody(w, exchange.Request.Body, exchange.Request.Headers);
                w.WriteEndObject();
                w.WriteStartObject("response");
                w.WriteNumber("status", exchange.Response.Status);
                WriteHeaders(w, exchange.Response.Headers);
                WriteBody(w, exchange.Response.Body, exchange.Response.Headers);
                if (exchange.Response.Timing.Count > 0)
                {
                    // [offset, milliseconds] pairs: when each part of a streamed body arrived.
                    w.WriteStartArray("timing");
                    foreach (var t in exchange.Response.Timing)
                    {
                        w.WriteStartArray();
                        w.WriteNumberValue(t.Offset);
                        w.WriteNumberValue(t.Milliseconds);
                        w.WriteEndArray();
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        var bytes = new byte[output.WrittenCount + 1];
        output.WrittenSpan.CopyTo(bytes);
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    /// <summary>Reads a cassette from UTF-8 JSON; <paramref name="source"/> names it in errors.</summary>
    public static Cassette Read(ReadOnlyMemory<byte> utf8Json, string source = "cassette")
    {
        return JsonBytes.ReadFile(utf8Json, source, root =>
        {
            Expect(root, JsonValueKind.Object, source, "$", "an object");
            if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
            {
                throw new CassetteFormatException(source, "$.format", $"\"{FormatName}\"");
            }
            var version = RequiredInt(root, "formatVersion", source, "$");
            if (version != Cassette.CurrentFormatVersion)
            {
                throw new CassetteFormatException(source, "$.formatVersion", $"{Cassette.CurrentFormatVersion} (this library reads format version {Cassette.CurrentFormatVersion} only)");
            }
            var cassette = new Cassette { FormatVersion = version };
            if (root.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object)
            {
                cassette.Spec = new CassetteSpec(
                    RequiredString(spec, "name", source, "$.spec"),
                    RequiredString(spec, "version", source, "$.spec"),
                    spec.TryGetProperty("sha256", out var sha) && sha.ValueKind == JsonValueKind.String ? sha.GetString() : null);
            }
            if (root.TryGetProperty("recorded", out var recorded) && recorded.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(recorded.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            {
                cassette.Recorded = when;
            }
            if (root.TryGetProperty("source", out var src) && src.ValueKind == JsonValueKind.String) cassette.Source = src.GetString();
            if (!root.TryGetProperty("exchanges", out var exchanges)) throw new CassetteFormatException(source, "$.exchanges", "an array of exchanges");
            Expect(exchanges, JsonValueKind.Array, source, "$.exchanges", "an array");
            var i = 0;
            foreach (var exchange in exchanges.EnumerateArray())
            {
                var path = $"$.exchanges[{i++}]";
                Expect(exchange, JsonValueKind.Object, source, path, "an object");
                var request = RequiredObject(exchange, "request", source, path);
                var response = RequiredObject(exchange, "response", source, path);
                cassette.Exchanges.Add(new RecordedExchange(
                    new RecordedRequest(
                        RequiredString(request, "method", source, path + ".request"),
                        RequiredString(request, "url", source, path + ".request"),
                        ReadHeaders(request, source, path + ".request"),
                        ReadBody(request, source, path + ".request")),
                    new RecordedResponse(
                        RequiredInt(response, "status", source, path + ".response"),
                        ReadHeaders(response, source, path + ".response"),
                        ReadBody(response, source, path + ".response")) { Timing = ReadTiming(response, source, path + ".response") })
                {
                    Operation = OptionalOperation(exchange, source, path),
                });
            }
            return cassette;
        });
    }

    /// <summary>A header dictionary whose lookups ignore case, as HTTP header names do.</summary>
    public static Dictionary<string, string> NewHeaders() => new(StringComparer.OrdinalIgnoreCase);

    private static IReadOnlyList<BodyTiming> ReadTiming(JsonElement response, string source, string path)
    {
        if (!response.TryGetProperty("timing", out var timing)) return Array.Empty<BodyTiming>();
        Expect(timing, JsonValueKind.Array, source, path + ".timing", "an array of [offset, milliseconds] pairs");
        var result = new List<BodyTiming>();
        var i = 0;
        foreach (var pair in timing.EnumerateArray())
        {
            var at = $"{path}.timing[{i++}]";
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2
                || !pair[0].TryGetInt64(out var offset) || !pair[1].TryGetInt64(out var ms) || offset < 0 || ms < 0
                || (result.Count > 0 && (offset < result[^1].Offset || ms < result[^1].Milliseconds)))
            {
                throw new CassetteFormatException(source, at, "an [offset, milliseconds] pair of non-negative integers, both not below the previous pair's");
            }
            result.Add(new BodyTiming(offset, ms));
        }
        return result;
    }

    /// <summary>The operation an exchange names (optional): one file format rule for cassettes and exchange files.</summary>
    internal static string? OptionalOperation(JsonElement exchange, string source, string path)
    {
        if (!exchange.TryGetProperty("operation", out var operation) || operation.ValueKind == JsonValueKind.Null) return null;
        if (operation.ValueKind != JsonValueKind.String || operation.GetString()!.Length == 0)
        {
            throw new CassetteFormatException(source, path + ".operation", "the operation's name, a string");
        }
        return operation.GetString();
    }

    private static void WriteHeaders(Utf8JsonWriter w, IReadOnlyDictionary<string, string> headers)
    {
        w.WriteStartObject("headers");
        foreach (var (name, value) in headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase).ThenBy(h => h.Key, StringComparer.Ordinal))
        {
            w.WriteString(name, value);
        }
        w.WriteEndObject();
    }

    private static void WriteBody(Utf8JsonWriter w, RecordedBody? body, IReadOnlyDictionary<string, string> headers)
    {
        w.WritePropertyName("body");
        if (body is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        if (IsJsonContent(headers) && TryReproducibleJson(body.Bytes, out var document))
        {
            using (document)
            {
                w.WritePropertyName("json");
                document.RootElement.WriteTo(w);
            }
        }
        else if (body.TryGetText() is { } text && IsPrintable(text))
        {
            w.WriteString("text", text);
        }
        else
        {
            w.WriteBase64String("base64", body.Bytes.Span);
            w.WriteString("sha256", body.Sha256());
        }
        w.WriteEndObject();
    }

    private static bool IsJsonContent(IReadOnlyDictionary<string, string> headers)
    {
        var type = headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
        if (type is null) return true;
        var media = type.Split(';')[0].Trim();
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when the bytes are JSON whose compact re-serialization is byte-identical.</summary>
    private static bool TryReproducibleJson(ReadOnlyMemory<byte> bytes, out JsonDocument document)
    {
        if (!JsonBytes.TryParse(bytes, out document)) return false;
        if (JsonBytes.Compact(document.RootElement).AsSpan().SequenceEqual(bytes.Span)) return true;
        document.Dispose();
        return false;
    }

    private static bool IsPrintable(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t')) return false;
        }
        return true;
    }

    private static Dictionary<string, string> ReadHeaders(JsonElement parent, string source, string path)
    {
        var headers = NewHeaders();
        if (!parent.TryGetProperty("headers", out var element) || element.ValueKind == JsonValueKind.Null) return headers;
        Expect(element, JsonValueKind.Object, source, path + ".headers", "an object of header names to strings");
        foreach (var header in element.EnumerateObject())
        {
            Expect(header.Value, JsonValueKind.String, source, path + ".headers." + header.Name, "a string");
            headers[header.Name] = header.Value.GetString()!;
        }
        return headers;
    }

    private static RecordedBody? ReadBody(JsonElement parent, string source, string path)
    {
        if (!parent.TryGetProperty("body", out var body) || body.ValueKind == JsonValueKind.Null) return null;
        path += ".body";
        Expect(body, JsonValueKind.Object, source, path, "null or an object with \"json\", \"text\" or \"base64\"");
        if (body.TryGetProperty("json", out var json)) return new RecordedBody(JsonBytes.Compact(json));
        if (body.TryGetProperty("text", out var text))
        {
            Expect(text, JsonValueKind.String, source, path + ".text", "a string");
            return RecordedBody.FromText(text.GetString()!);
        }
        if (body.TryGetProperty("base64", out var base64) && base64.ValueKind == JsonValueKind.String && base64.TryGetBytesFromBase64(out var bytes))
        {
            var result = new RecordedBody(bytes);
            if (body.TryGetProperty("sha256", out var sha) && sha.ValueKind == JsonValueKind.String
                && !string.Equals(sha.GetString(), result.Sha256(), StringComparison.OrdinalIgnoreCase))
            {
                throw new CassetteFormatException(source, path + ".sha256", "the SHA-256 of the base64 body (the body was edited or truncated)");
            }
            return result;
        }
        throw new CassetteFormatException(source, path, "an object with \"json\", \"text\" or valid \"base64\"");
    }

    private static void Expect(JsonElement element, JsonValueKind kind, string source, string path, string expected)
    {
        if (element.ValueKind != kind) throw new CassetteFormatException(source, path, expected);
    }

    private static JsonElement RequiredObject(JsonElement parent, string name, string source, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Object)
        {
            throw new CassetteFormatException(source, path + "." + name, "an object");
        }
        return value;
    }

    private static string RequiredString(JsonElement parent, string name, string source, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw new CassetteFormatException(source, path + "." + name, "a string");
        }
        return value.GetString()!;
    }

    private static int RequiredInt(JsonElement parent, string name, string source, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw new CassetteFormatException(source, path + "." + name, "an integer");
        }
        return number;
    }
}
