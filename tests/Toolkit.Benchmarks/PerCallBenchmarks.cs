using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using HuggingFace.Inference;
using OpenAI;
using OpenAI.Chat;

namespace Toolkit.Benchmarks;

/// <summary>
/// The whole cost of one chat call, request to typed answer, three ways over one in-memory handler that serves the same
/// bytes to every side: the generated client, a hand-written floor (HttpClient, <see cref="SseParser"/> and
/// System.Text.Json source generation into minimal classes) and the official OpenAI .NET SDK. Answers come from the
/// recorded Hugging Face chat answers (../shared/recorded/hf-inference-tasks/chat_completion_*.json) when present:
/// <list type="bullet">
/// <item><c>stream-10000</c>: 10,000 recorded chunks, cycled, each content made distinct (the cost per event);</item>
/// <item><c>stream-20</c>: the recorded stream as it came (20 chunks and [DONE]: the cost of a short call);</item>
/// <item><c>stream-0</c>: [DONE] alone (the fixed cost of a streamed call);</item>
/// <item><c>completion-recorded</c>: the recorded completion (3.5 KB);</item>
/// <item><c>completion-50k</c>: the same with its content repeated to 50 KiB, created after 2038.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
public class PerCallBenchmarks
{
    private HttpClient _floorHttp = null!;
    private HfInferenceClient _toolkit = null!;
    private ChatClient _openAi = null!;
    private ChatCompletionRequest _toolkitRequest = null!;
    private ChatMessage[] _openAiMessages = null!;
    private ChatCompletionOptions _openAiOptions = null!;
    private bool _stream;

    [Params("stream-10000", "stream-20", "stream-0", "completion-recorded", "completion-50k")]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _stream = Case.StartsWith("stream", StringComparison.Ordinal);
        var body = Case switch
        {
            "stream-10000" => Stream(Chunks(), 10_000),
            "stream-20" => Stream(Chunks(), Chunks().Count),
            "stream-0" => Stream(Chunks(), 0),
            "completion-recorded" => Encoding.UTF8.GetBytes(Completion()),
            "completion-50k" => Encoding.UTF8.GetBytes(LargeCompletion(Completion(), 50 * 1024)),
            _ => throw new InvalidOperationException(Case),
        };
        Console.WriteLine($"// {Case}: an answer of {body.Length} bytes");
        var mediaType = _stream ? "text/event-stream" : "application/json";
        _floorHttp = new HttpClient(new Answer(body, mediaType));
        _toolkit = new HfInferenceClient(new Answer(body, mediaType), new HfInferenceClientOptions { Token = "hf_bench" });
        _toolkitRequest = new ChatCompletionRequest
        {
            Messages = new[]
            {
                new ChatCompletionInputMessage { Role = "system", Content = "You are a helpful assistant." },
                new ChatCompletionInputMessage { Role = "user", Content = "What is deep learning?" },
            },
            MaxTokens = 20,
        };
        _openAi = new ChatClient("meta-llama/Llama-3.1-8B-Instruct", new ApiKeyCredential("hf_bench"), new OpenAIClientOptions
        {
            Endpoint = new Uri("https://router.huggingface.co/v1"),
            Transport = new HttpClientPipelineTransport(new HttpClient(new Answer(body, mediaType))),
        });
        _openAiMessages = new ChatMessage[] { new SystemChatMessage("You are a helpful assistant."), new UserChatMessage("What is deep learning?") };
        _openAiOptions = new ChatCompletionOptions { MaxOutputTokenCount = 20 };

        // Each side reads the same answer: the same number of events and the same text.
        var expected = Floor().GetAwaiter().GetResult();
        foreach (var (name, side) in new (string, Func<Task<long>>)[] { ("toolkit", Toolkit), ("OpenAI SDK", OpenAiSdk) })
        {
            var actual = side().GetAwaiter().GetResult();
            if (actual != expected) throw new InvalidOperationException($"{Case}: {name} read {actual}, the floor {expected}.");
        }
    }

    [Benchmark(Baseline = true, Description = "floor: HttpClient + SseParser/System.Text.Json source generation")]
    public Task<long> Floor() => _stream ? FloorStream() : FloorCompletion();

    [Benchmark(Description = "Toolkit: generated client")]
    public Task<long> Toolkit() => _stream ? ToolkitStream() : ToolkitCompletion();

    [Benchmark(Description = "OpenAI SDK 2.15.0")]
    public Task<long> OpenAiSdk() => _stream ? OpenAiStream() : OpenAiCompletion();

    private HttpRequestMessage FloorRequest(bool stream)
    {
        var request = new FloorRequest
        {
            Model = "meta-llama/Llama-3.1-8B-Instruct",
            Messages = new[] { new FloorMessage { Role = "system", Content = "You are a helpful assistant." }, new FloorMessage { Role = "user", Content = "What is deep learning?" } },
            MaxTokens = 20,
            Stream = stream ? true : null,
        };
        var message = new HttpRequestMessage(HttpMethod.Post, "https://router.huggingface.co/v1/chat/completions")
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, PerCallJson.Default.FloorRequest)),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "hf_bench");
        return message;
    }

    private async Task<long> FloorStream()
    {
        using var request = FloorRequest(stream: true);
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await _floorHttp.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        long read = 0;
        var parser = SseParser.Create(body, static (_, data) => data.SequenceEqual("[DONE]"u8) ? null : JsonSerializer.Deserialize(data, PerCallJson.Default.FloorChunk));
        await foreach (var item in parser.EnumerateAsync().ConfigureAwait(false))
        {
            if (item.Data is null) break;
            read += 1 + item.Data.Choices[0].Delta.Content!.Length;
        }
        return read;
    }

    private async Task<long> FloorCompletion()
    {
        using var request = FloorRequest(stream: false);
        using var response = await _floorHttp.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var completion = await JsonSerializer.DeserializeAsync(body, PerCallJson.Default.FloorCompletion).ConfigureAwait(false);
        return completion!.Choices[0].Message.Content!.Length + completion.Usage!.TotalTokens;
    }

    private async Task<long> ToolkitStream()
    {
        long read = 0;
        await foreach (var chunk in _toolkit.ChatCompletionStreamAsync("meta-llama/Llama-3.1-8B-Instruct", _toolkitRequest).ConfigureAwait(false))
        {
            read += 1 + chunk.Choices[0].Delta.AsTextMessage!.Content.Length;
        }
        return read;
    }

    private async Task<long> ToolkitCompletion()
    {
        var completion = await _toolkit.ChatCompletionAsync("meta-llama/Llama-3.1-8B-Instruct", _toolkitRequest).ConfigureAwait(false);
        return completion.Choices[0].Message.AsTextMessage!.Content.Length + completion.Usage.TotalTokens;
    }

    private async Task<long> OpenAiStream()
    {
        long read = 0;
        await foreach (var update in _openAi.CompleteChatStreamingAsync(_openAiMessages, _openAiOptions).ConfigureAwait(false))
        {
            read += 1 + update.ContentUpdate[0].Text.Length;
        }
        return read;
    }

    private async Task<long> OpenAiCompletion()
    {
        ChatCompletion completion = await _openAi.CompleteChatAsync(_openAiMessages, _openAiOptions).ConfigureAwait(false);
        return completion.Content[0].Text.Length + completion.Usage.TotalTokenCount;
    }

    /// <summary>
    /// The chunks as a stream of <paramref name="events"/> events. Past the recorded ones each chunk's content gets its
    /// event number, so that no side reads a content string it has seen before (a service's tokens differ): only the
    /// values a service does repeat (model id, fingerprint, role) repeat.
    /// </summary>
    private static byte[] Stream(IReadOnlyList<string> chunks, int events)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < events; i++)
        {
            var chunk = chunks[i % chunks.Count];
            if (i >= chunks.Count)
            {
                var node = JsonNode.Parse(chunk)!;
                var delta = node["choices"]![0]!["delta"]!;
                delta["content"] = delta["content"]!.GetValue<string>() + " " + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                chunk = node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            }
            sb.Append("data: ").Append(chunk).Append("\n\n");
        }
        sb.Append("data: [DONE]\n\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static IReadOnlyList<string> Chunks()
    {
        if (Recorded("chat_completion_with_stream.json") is { } text)
        {
            return text.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].Trim()).Where(d => d != "[DONE]").ToList();
        }
        return new[]
        {
            """{"object":"chat.completion.chunk","id":"","created":1742565776,"model":"meta-llama/Llama-3.1-8B-Instruct","system_fingerprint":"3.2.1-native","choices":[{"index":0,"delta":{"role":"assistant","content":" learning"},"logprobs":null,"finish_reason":null}],"usage":null}""",
        };
    }

    private static string Completion() => Recorded("chat_completion_no_stream.json")
        ?? """{"object":"chat.completion","id":"","created":1742555982,"model":"meta-llama/Llama-3.1-8B-Instruct","system_fingerprint":"3.2.1-native","choices":[{"index":0,"message":{"role":"assistant","content":"Deep learning is a subfield of \"AI\".\n\n1. **Layers**: many."},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":46,"completion_tokens":579,"total_tokens":625}}""";

    /// <summary>The completion with its content repeated to about <paramref name="size"/> bytes, created in 2100.</summary>
    private static string LargeCompletion(string completion, int size)
    {
        var node = JsonNode.Parse(completion)!;
        var message = node["choices"]![0]!["message"]!;
        var content = message["content"]!.GetValue<string>();
        var repeated = new StringBuilder(content);
        while (Encoding.UTF8.GetByteCount(completion) + repeated.Length < size) repeated.Append("\n\n").Append(content);
        message["content"] = repeated.ToString();
        node["created"] = 4102444800; // 2100-01-01: past 2038
        return node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static string? Recorded(string file)
    {
        var root = SharedMaskBenchmarks.SharedRoot();
        var path = root is null ? null : Path.Combine(root, "recorded", "hf-inference-tasks", file);
        if (path is null || !File.Exists(path))
        {
            Console.Error.WriteLine($"../shared/recorded/hf-inference-tasks/{file} is absent: using a synthetic answer of the recorded shape.");
            return null;
        }
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var exchanges = document.RootElement.GetProperty("exchanges");
        return exchanges[exchanges.GetArrayLength() - 1].GetProperty("response").GetProperty("body").GetProperty("text").GetString();
    }

    /// <summary>Serves the same answer to every request, in memory, with its length declared.</summary>
    private sealed class Answer(byte[] body, string mediaType) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body), RequestMessage = request };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return Task.FromResult(response);
        }
    }
}

// The floor's types: what a .NET engineer would declare for these answers, the fields the generated types hold.

public sealed class FloorRequest
{
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("messages")] public FloorMessage[] Messages { get; set; } = Array.Empty<FloorMessage>();
    [JsonPropertyName("max_tokens")] public int? MaxTokens { get; set; }
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
}

public sealed class FloorMessage
{
    [JsonPropertyName("role")] public string Role { get; set; } = "";
    [JsonPropertyName("content")] public string? Content { get; set; }
}

public sealed class FloorUsage
{
    [JsonPropertyName("prompt_tokens")] public int PromptTokens { get; set; }
    [JsonPropertyName("completion_tokens")] public int CompletionTokens { get; set; }
    [JsonPropertyName("total_tokens")] public int TotalTokens { get; set; }
}

public sealed class FloorChunk
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("created")] public long Created { get; set; }
    [JsonPropertyName("model")] public string Model { get; set; } = "";
    [JsonPropertyName("system_fingerprint")] public string? SystemFingerprint { get; set; }
    [JsonPropertyName("choices")] public List<FloorChunkChoice> Choices { get; set; } = new();
    [JsonPropertyName("usage")] public FloorUsage? Usage { get; set; }
}

public sealed class FloorChunkChoice
{
    [JsonPropertyName("index")] public int Index { get; set; }
    [JsonPropertyName("delta")] public FloorMessage Delta { get; set; } = new();
    [JsonPropertyName("finish_reason")] public string? FinishReason { get; set; }
}

public sealed class FloorCompletion
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("created")] public long Created { get; set; }
    [JsonPropertyName("model")] public string Model { get; set; } = "";
    [JsonPropertyName("system_fingerprint")] public string? SystemFingerprint { get; set; }
    [JsonPropertyName("choices")] public List<FloorCompletionChoice> Choices { get; set; } = new();
    [JsonPropertyName("usage")] public FloorUsage? Usage { get; set; }
}

public sealed class FloorCompletionChoice
{
    [JsonPropertyName("index")] public int Index { get; set; }
    [JsonPropertyName("message")] public FloorMessage Message { get; set; } = new();
    [JsonPropertyName("finish_reason")] public string? FinishReason { get; set; }
}

[JsonSerializable(typeof(FloorRequest))]
[JsonSerializable(typeof(FloorChunk))]
[JsonSerializable(typeof(FloorCompletion))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class PerCallJson : JsonSerializerContext
{
}
