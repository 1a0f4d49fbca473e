using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Toolkit.AI.Tests;

/// <summary>
/// One recorded exchange of ../shared/recorded/hf-inference-tasks (huggingface_hub's own cassettes, in the neutral form),
/// answered to whatever the client sends, which is kept for the test to look at.
/// </summary>
internal sealed class RecordedAnswer : HttpMessageHandler
{
    private readonly JsonElement _response;

    public RecordedAnswer(string file, int exchange)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Shared.Path("recorded", "hf-inference-tasks", file)));
        var e = document.RootElement.GetProperty("exchanges")[exchange];
        RecordedRequest = e.GetProperty("request").Clone();
        _response = e.GetProperty("response").Clone();
    }

    public JsonElement RecordedRequest { get; }

    /// <summary>The recorded answer's body.</summary>
    public byte[] Body => Bytes(_response.GetProperty("body"));

    public List<(Uri Uri, string Body)> Sent { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Sent.Add((request.RequestUri!, request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken)));
        var response = new HttpResponseMessage((HttpStatusCode)_response.GetProperty("status").GetInt32()) { Content = new ByteArrayContent(Body) };
        foreach (var h in _response.GetProperty("headers").EnumerateObject())
        {
            if (h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(h.Value.GetString()!);
            else if (!h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && !h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) response.Headers.TryAddWithoutValidation(h.Name, h.Value.GetString());
        }
        return response;
    }

    private static byte[] Bytes(JsonElement body)
        => body.GetProperty("encoding").GetString() == "base64" ? Convert.FromBase64String(body.GetProperty("text").GetString()!) : Encoding.UTF8.GetBytes(body.GetProperty("text").GetString()!);
}

/// <summary>The ../shared folder beside the repository.</summary>
internal static class Shared
{
    public static string? Root { get; } = Find();

    public static string Path(params string[] parts) => System.IO.Path.Combine(new[] { Root ?? "" }.Concat(parts).ToArray());

    private static string? Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Toolkit.sln"))) dir = dir.Parent;
        var shared = dir is null ? null : System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared"));
        return shared is not null && Directory.Exists(System.IO.Path.Combine(shared, "recorded", "hf-inference-tasks")) ? shared : null;
    }
}

/// <summary>A fact that needs ../shared/recorded/hf-inference-tasks; skipped with a clear message when it is absent.</summary>
public sealed class RecordedFactAttribute : FactAttribute
{
    public RecordedFactAttribute()
    {
        if (Shared.Root is null) Skip = "../shared/recorded/hf-inference-tasks is not beside the repository (third-party recordings are not copied into it).";
    }
}
