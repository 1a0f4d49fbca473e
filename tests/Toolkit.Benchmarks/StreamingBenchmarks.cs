using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using HuggingFace.Inference;

namespace Toolkit.Benchmarks;

/// <summary>
/// Events per second through the generated <c>ChatCompletionStreamAsync</c>, over an in-memory stream of 10,000
/// chat chunks shaped like the recorded ones (../shared/recorded/hf-inference-tasks/chat_completion_with_stream.json
/// when present), against a bare <see cref="SseParser"/> loop over the same bytes (the floor: framing only) and
/// the loop a .NET engineer would write by hand (SseParser plus System.Text.Json's source-generated deserializer).
/// </summary>
[MemoryDiagnoser]
public class StreamingBenchmarks
{
    public const int Events = 10_000;
    private byte[] _body = Array.Empty<byte>();
    private HfInferenceClient _client = null!;
    private ChatCompletionRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        var chunks = RecordedChunks();
        var sb = new StringBuilder();
        for (var i = 0; i < Events; i++) sb.Append("data: ").Append(chunks[i % chunks.Count]).Append("\n\n");
        sb.Append("data: [DONE]\n\n");
        _body = Encoding.UTF8.GetBytes(sb.ToString());
        _client = new HfInferenceClient(new Answer(_body), new HfInferenceClientOptions { Token = "hf_bench" });
        _request = new ChatCompletionRequest { Messages = new[] { new ChatCompletionInputMessage { Role = "user", Content = "What is deep learning?" } } };
    }

    [Benchmark(Baseline = true, Description = "floor: SseParser framing only")]
    public int Floor()
    {
        var count = 0;
        using var stream = new MemoryStream(_body, writable: false);
        foreach (var item in SseParser.Create(stream, static (_, data) => data.Length).Enumerate()) count += item.Data > 0 ? 1 : 0;
        return count;
    }

    [Benchmark(Description = "floor + JSON: SseParser, every token of every event read by Utf8JsonReader")]
    public int FloorWithJsonTokens()
    {
        var count = 0;
        using var stream = new MemoryStream(_body, writable: false);
        foreach (var item in SseParser.Create(stream, static (_, data) =>
        {
            var tokens = 0;
            if (data.SequenceEqual("[DONE]"u8)) return 0;
            var reader = new Utf8JsonReader(data);
            while (reader.Read()) tokens++;
            return tokens;
        }).Enumerate())
        {
            count += item.Data > 0 ? 1 : 0;
        }
        return count;
    }

    [Benchmark(Description = "hand-written: SseParser + System.Text.Json source generation")]
    public async Task<int> HandWritten()
    {
        var count = 0;
        using var stream = new MemoryStream(_body, writable: false);
        var parser = SseParser.Create(stream, static (_, data) =>
            data.SequenceEqual("[DONE]"u8) ? null : JsonSerializer.Deserialize(data, BenchJson.Default.BenchChunk));
        await foreach (var item in parser.EnumerateAsync())
        {
            if (item.Data is null) break;
            count += item.Data.Choices.Count;
        }
        return count;
    }

    [Benchmark(Description = "Toolkit: ChatCompletionStreamAsync")]
    public async Task<int> Toolkit()
    {
        var count = 0;
        await foreach (var chunk in _client.ChatCompletionStreamAsync("m/m", _request)) count += chunk.Choices.Count;
        return count;
    }

    private static List<string> RecordedChunks()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Toolkit.sln"))) dir = dir.Parent;
        var path = dir is null ? null : Path.Combine(dir.FullName, "..", "shared", "recorded", "hf-inference-tasks", "chat_completion_with_stream.json");
        if (path is not null && File.Exists(path))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var text = doc.RootElement.GetProperty("exchanges")[1].GetProperty("response").GetProperty("body").GetProperty("text").GetString()!;
            return text.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].Trim()).Where(d => d != "[DONE]").ToList();
        }
        Console.Error.WriteLine("../shared is absent: using one synthetic chunk of the recorded shape.");
        return new List<string>
        {
            """{"object":"chat.completion.chunk","id":"","created":1742565776,"model":"meta-llama/Llama-3.1-8B-Instruct","system_fingerprint":"3.2.1-native","choices":[{"index":0,"delta":{"role":"assistant","content":" learning"},"logprobs":null,"finish_reason":null}],"usage":null}""",
        };
    }

    /// <summary>Serves the same event stream to every request, in memory.</summary>
    private sealed class Answer(byte[] body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body), RequestMessage = request };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/event-stream");
            return Task.FromResult(response);
        }
    }
}

/// <summary>The hand-written baseline's types: what the chunk holds, as a user would declare them.</summary>
public sealed class BenchChunk
{
    [JsonPropertyName("object")] public string? Object { get; set; }
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("created")] public long Created { get; set; }
    [JsonPropertyName("model")] public string Model { get; set; } = "";
    [JsonPropertyName("system_fingerprint")] public string? SystemFingerprint { get; set; }
    [JsonPropertyName("choices")] public List<BenchChoice> Choices { get; set; } = new();
    [JsonPropertyName("usage")] public JsonElement? Usage { get; set; }
}

public sealed class BenchChoice
{
    [JsonPropertyName("index")] public int Index { get; set; }
    [JsonPropertyName("delta")] public BenchDelta Delta { get; set; } = new();
    [JsonPropertyName("logprobs")] public JsonElement? Logprobs { get; set; }
    [JsonPropertyName("finish_reason")] public string? FinishReason { get; set; }
}

public sealed class BenchDelta
{
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("content")] public string? Content { get; set; }
}

[JsonSerializable(typeof(BenchChunk))]
internal sealed partial class BenchJson : JsonSerializerContext
{
}
