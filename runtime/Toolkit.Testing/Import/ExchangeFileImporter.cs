using System;
using System.IO;
using System.Text.Json;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Json;

namespace Toolkit.Testing.Import;

/// <summary>
/// Reads the neutral exchange files of <c>../shared/recorded/</c> (<c>{"source", "exchanges": [{"request":
/// {"method", "url", "headers", "body": {"encoding": "utf8"|"base64", "text"}|null}, "response": {"status",
/// "headers", "body"}}]}</c>) as cassettes.
/// </summary>
public static class ExchangeFileImporter
{
    /// <summary>True when the JSON looks like a neutral exchange file rather than a cassette.</summary>
    public static bool IsExchangeFile(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("exchanges", out _)
                && !document.RootElement.TryGetProperty("format", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Imports one exchange file.</summary>
    public static Cassette Import(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Import(File.ReadAllBytes(path), path);
    }

    /// <summary>Imports exchange-file JSON; <paramref name="source"/> names it in errors.</summary>
    public static Cassette Import(ReadOnlyMemory<byte> utf8Json, string source)
    {
        return JsonBytes.ReadFile(utf8Json, source, root =>
        {
            if (root.ValueKind != JsonValueKind.Object) throw new CassetteFormatException(source, "$", "an object");
            var cassette = new Cassette
            {
                Source = root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : source,
            };
            if (!root.TryGetProperty("exchanges", out var exchanges) || exchanges.ValueKind != JsonValueKind.Array)
            {
                throw new CassetteFormatException(source, "$.exchanges", "an array");
            }
            var i = 0;
            foreach (var exchange in exchanges.EnumerateArray())
            {
                var path = $"$.exchanges[{i++}]";
                var request = Object(exchange, "request", source, path);
                var response = Object(exchange, "response", source, path);
                cassette.Exchanges.Add(new RecordedExchange(
                    new RecordedRequest(
                        String(request, "method", source, path + ".request"),
                        String(request, "url", source, path + ".request"),
                        Headers(request, source, path + ".request"),
                        Body(request, source, path + ".request")),
                    new RecordedResponse(
                        Status(response, source, path + ".response"),
                        Headers(response, source, path + ".response"),
                        Body(response, source, path + ".response")))
                {
                    Operation = CassetteFile.OptionalOperation(exchange, source, path),
                });
            }
            return cassette;
        });
    }

    private static JsonElement Object(JsonElement parent, string name, string source, string path)
        => parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw new CassetteFormatException(source, path + "." + name, "an object");

    private static string String(JsonElement parent, string name, string source, string path)
        => parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new CassetteFormatException(source, path + "." + name, "a string");

    private static int Status(JsonElement parent, string source, string path)
        => parent.TryGetProperty("status", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var status)
            ? status
            : throw new CassetteFormatException(source, path + ".status", "an integer");

    private static System.Collections.Generic.Dictionary<string, string> Headers(JsonElement parent, string source, string path)
    {
        var headers = CassetteFile.NewHeaders();
        if (!parent.TryGetProperty("headers", out var element) || element.ValueKind == JsonValueKind.Null) return headers;
        if (element.ValueKind != JsonValueKind.Object) throw new CassetteFormatException(source, path + ".headers", "an object");
        foreach (var header in element.EnumerateObject())
        {
            headers[header.Name] = header.Value.ValueKind == JsonValueKind.String
                ? header.Value.GetString()!
                : throw new CassetteFormatException(source, path + ".headers." + header.Name, "a string");
        }
        return headers;
    }

    private static RecordedBody? Body(JsonElement parent, string source, string path)
    {
        if (!parent.TryGetProperty("body", out var body) || body.ValueKind == JsonValueKind.Null) return null;
        path += ".body";
        if (body.ValueKind != JsonValueKind.Object) throw new CassetteFormatException(source, path, "null or {\"encoding\", \"text\"}");
        var encoding = String(body, "encoding", source, path);
        var text = String(body, "text", source, path);
        return encoding switch
        {
            "utf8" => RecordedBody.FromText(text),
            "base64" => new RecordedBody(DecodeBase64(text, source, path + ".text")),
            _ => throw new CassetteFormatException(source, path + ".encoding", "\"utf8\" or \"base64\""),
        };
    }

    private static byte[] DecodeBase64(string text, string source, string path)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new CassetteFormatException(source, path, "base64 text");
        }
    }
}
