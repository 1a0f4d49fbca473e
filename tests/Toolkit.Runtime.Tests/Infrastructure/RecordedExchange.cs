using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;

namespace Toolkit.Runtime.Tests.Infrastructure;

/// <summary>One exchange of the neutral recording format described in ../shared/README.md.</summary>
internal sealed record RecordedExchange(
    string Method, string Url, IReadOnlyDictionary<string, string> RequestHeaders, byte[]? RequestBody,
    int Status, IReadOnlyDictionary<string, string> ResponseHeaders, byte[] ResponseBody)
{
    /// <summary>A file of ../shared/recorded/hf-inference, by name.</summary>
    public static IReadOnlyList<RecordedExchange> Load(string fileName) => LoadFile(Path.Combine(SharedData.RecordedDirectory, fileName));

    /// <summary>Any file in the neutral format, by path.</summary>
    public static IReadOnlyList<RecordedExchange> LoadFile(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("exchanges").EnumerateArray().Select(e =>
        {
            var request = e.GetProperty("request");
            var response = e.GetProperty("response");
            return new RecordedExchange(
                request.GetProperty("method").GetString()!,
                request.GetProperty("url").GetString()!,
                Headers(request),
                Body(request.GetProperty("body")),
                response.GetProperty("status").GetInt32(),
                Headers(response),
                Body(response.GetProperty("body")) ?? Array.Empty<byte>());
        }).ToList();
    }

    /// <summary>The recorded answer as an HttpResponseMessage, headers included.</summary>
    public HttpResponseMessage ToResponse()
    {
        var response = new HttpResponseMessage((HttpStatusCode)Status) { Content = new ByteArrayContent(ResponseBody) };
        foreach (var (name, value) in ResponseHeaders)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value)) response.Content.Headers.TryAddWithoutValidation(name, value);
        }
        return response;
    }

    private static Dictionary<string, string> Headers(JsonElement message)
        => message.TryGetProperty("headers", out var headers)
            ? headers.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>();

    private static byte[]? Body(JsonElement body)
    {
        if (body.ValueKind == JsonValueKind.Null) return null;
        var text = body.GetProperty("text").GetString()!;
        return body.GetProperty("encoding").GetString() == "base64" ? Convert.FromBase64String(text) : Encoding.UTF8.GetBytes(text);
    }
}
