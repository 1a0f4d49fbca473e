using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace SegmentationStandIn;

/// <summary>
/// Chat completion on the stand-in (<c>POST /models/{model}/v1/chat/completions</c>): a deterministic text generator,
/// not a model, that says so. With <c>"stream": true</c> it answers server-sent events as the real service does (one
/// <c>chat.completion.chunk</c> per word, written and flushed as it is produced, then <c>data: [DONE]</c>), over
/// Kestrel on 127.0.0.1, so streaming is exercised over a real socket.
/// </summary>
public static class ChatStandIn
{
    /// <summary>The path suffix that marks a chat completion.</summary>
    public const string PathSuffix = "/v1/chat/completions";

    private static int _abandoned;
    private static int _produced;

    /// <summary>How long producing each word takes: long enough that a reader sees words arrive one by one.</summary>
    public static TimeSpan WordDelay { get; set; } = TimeSpan.FromMilliseconds(15);

    /// <summary>Streams whose client went away before the end (the connection closed mid-stream).</summary>
    public static int Abandoned => Volatile.Read(ref _abandoned);

    /// <summary>Chunks written so far, over every stream.</summary>
    public static int Produced => Volatile.Read(ref _produced);

    /// <summary>The words answered to a prompt: the same prompt, the same answer.</summary>
    public static string[] Answer(string prompt)
        => ("I am the Toolkit stand-in, a deterministic text generator and not a model. You said: " + prompt).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    internal static async Task HandleAsync(HttpContext context, string model, byte[] body)
    {
        string prompt;
        bool stream;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var last = root.GetProperty("messages").EnumerateArray().LastOrDefault(m => m.GetProperty("role").GetString() == "user");
            prompt = last.ValueKind == JsonValueKind.Object && last.GetProperty("content").ValueKind == JsonValueKind.String ? last.GetProperty("content").GetString()! : "";
            stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or System.Collections.Generic.KeyNotFoundException)
        {
            await Error(context, "Invalid chat request: " + e.Message).ConfigureAwait(false);
            return;
        }
        var words = Answer(prompt);
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var id = "standin-" + Guid.NewGuid().ToString("N");
        context.Response.Headers["x-compute-type"] = "stand-in";
        if (!stream)
        {
            context.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            writer.WriteStartObject();
            Head(writer, "chat.completion", id, created, model);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteString("finish_reason", "stop");
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            writer.WriteString("content", string.Join(' ', words));
            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteStartObject("usage");
            writer.WriteNumber("completion_tokens", words.Length);
            writer.WriteNumber("prompt_tokens", prompt.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
            writer.WriteNumber("total_tokens", words.Length + prompt.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
            writer.WriteEndObject();
            writer.WriteEndObject();
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var aborted = context.RequestAborted;
        try
        {
            for (var i = 0; i < words.Length; i++)
            {
                await Task.Delay(WordDelay, aborted).ConfigureAwait(false);
                var chunk = new System.Buffers.ArrayBufferWriter<byte>();
                using (var writer = new Utf8JsonWriter(chunk))
                {
                    writer.WriteStartObject();
                    Head(writer, "chat.completion.chunk", id, created, model);
                    writer.WriteStartArray("choices");
                    writer.WriteStartObject();
                    writer.WriteNumber("index", 0);
                    writer.WriteStartObject("delta");
                    writer.WriteString("role", "assistant");
                    writer.WriteString("content", (i == 0 ? "" : " ") + words[i]);
                    writer.WriteEndObject();
                    writer.WriteNull("logprobs");
                    if (i == words.Length - 1) writer.WriteString("finish_reason", "stop");
                    else writer.WriteNull("finish_reason");
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                    writer.WriteNull("usage");
                    writer.WriteEndObject();
                }
                await WriteEventAsync(context.Response, chunk.WrittenMemory, aborted).ConfigureAwait(false);
            }
            await context.Response.Body.WriteAsync("data: [DONE]\n\n"u8.ToArray(), aborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or System.IO.IOException && aborted.IsCancellationRequested)
        {
            CountAbandoned(); // the client closed the connection: stop producing
        }
    }

    /// <summary>One server-sent event, flushed at once so that the client sees it as it is produced.</summary>
    internal static async Task WriteEventAsync(HttpResponse response, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync("data: "u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await response.Body.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        await response.Body.WriteAsync("\n\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _produced);
    }

    /// <summary>Counts a stream the client left before its end.</summary>
    internal static void CountAbandoned() => Interlocked.Increment(ref _abandoned);

    private static void Head(Utf8JsonWriter writer, string kind, string id, long created, string model)
    {
        writer.WriteString("object", kind);
        writer.WriteString("id", id);
        writer.WriteNumber("created", created);
        writer.WriteString("model", model);
        writer.WriteString("system_fingerprint", "toolkit-stand-in");
    }

    internal static async Task Error(HttpContext context, string message)
    {
        context.Response.StatusCode = 422;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("error", message);
        writer.WriteEndObject();
    }

}
