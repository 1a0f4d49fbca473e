using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace SegmentationStandIn;

/// <summary>
/// Chat completion on the stand-in (<c>POST /models/{model}/v1/chat/completions</c>, hf-inference's route, and
/// <c>POST /v1/chat/completions</c>, the router's OpenAI-compatible one): a deterministic text generator, not a model,
/// that says so. With <c>"stream": true</c> it answers server-sent events as the real service does (one
/// <c>chat.completion.chunk</c> per word, written and flushed as it is produced, then <c>data: [DONE]</c>), over
/// Kestrel on 127.0.0.1, so streaming is exercised over a real socket. Given tools, it calls one (see
/// <see cref="ChatTurn"/>) the way OpenAI-compatible providers do, and answers a tool's result in words.
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

    /// <summary>
    /// Serves a chat completion. <paramref name="model"/> is the path's model (hf-inference's route), or null for the
    /// router's OpenAI-compatible route, where the body's <c>model</c> names it (a <c>:provider</c> or policy suffix
    /// is the router's to read: the answer names the model without it, as providers do).
    /// </summary>
    internal static async Task HandleAsync(HttpContext context, string? model, byte[] body)
    {
        ChatTurn turn;
        try
        {
            turn = ChatTurn.Read(body);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or System.Collections.Generic.KeyNotFoundException or FormatException)
        {
            await Error(context, "Invalid chat request: " + e.Message).ConfigureAwait(false);
            return;
        }
        if (model is null)
        {
            if (string.IsNullOrEmpty(turn.Model))
            {
                await Error(context, "Invalid chat request: 'model' is required on /v1/chat/completions").ConfigureAwait(false);
                return;
            }
            var colon = turn.Model.IndexOf(':', StringComparison.Ordinal);
            model = colon < 0 ? turn.Model : turn.Model[..colon];
            context.Response.Headers["x-inference-provider"] = "stand-in";
        }
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var id = "standin-" + Guid.NewGuid().ToString("N");
        context.Response.Headers["x-compute-type"] = "stand-in";
        var call = turn.ToolCall();
        var words = call is null ? Answer(turn.Prompt) : Array.Empty<string>();
        var promptTokens = turn.Prompt.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var completionTokens = call is null ? words.Length : call.Value.Arguments.Length / 4 + 1;
        if (!turn.Stream)
        {
            context.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            writer.WriteStartObject();
            Head(writer, "chat.completion", id, created, model);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            writer.WriteString("finish_reason", call is null ? "stop" : "tool_calls");
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            if (call is { } c)
            {
                writer.WriteNull("content");
                writer.WriteStartArray("tool_calls");
                WriteCall(writer, c, c.Arguments, withIndex: false);
                writer.WriteEndArray();
            }
            else
            {
                writer.WriteString("content", string.Join(' ', words));
            }
            writer.WriteEndObject();
            writer.WriteNull("logprobs");
            writer.WriteEndObject();
            writer.WriteEndArray();
            WriteUsage(writer, promptTokens, completionTokens);
            writer.WriteEndObject();
            return;
        }

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var aborted = context.RequestAborted;
        try
        {
            if (call is { } c)
            {
                // As OpenAI-compatible providers stream a call: its id and name first, then the arguments in pieces.
                var half = c.Arguments.Length / 2;
                string?[] pieces = { null, c.Arguments[..half], c.Arguments[half..] };
                for (var i = 0; i < pieces.Length; i++)
                {
                    await Task.Delay(WordDelay, aborted).ConfigureAwait(false);
                    await WriteChunkAsync(context.Response, id, created, model, w =>
                    {
                        w.WriteStartObject("delta");
                        if (i == 0) w.WriteString("role", "assistant");
                        w.WriteStartArray("tool_calls");
                        if (i == 0) WriteCall(w, c, "", withIndex: true);
                        else WritePiece(w, pieces[i]!);
                        w.WriteEndArray();
                        w.WriteEndObject();
                        w.WriteNull("finish_reason");
                    }, aborted).ConfigureAwait(false);
                }
                await WriteChunkAsync(context.Response, id, created, model, w =>
                {
                    w.WriteStartObject("delta");
                    w.WriteEndObject();
                    w.WriteString("finish_reason", "tool_calls");
                }, aborted).ConfigureAwait(false);
            }
            for (var i = 0; i < words.Length; i++)
            {
                await Task.Delay(WordDelay, aborted).ConfigureAwait(false);
                var word = (i == 0 ? "" : " ") + words[i];
                var last = i == words.Length - 1;
                await WriteChunkAsync(context.Response, id, created, model, w =>
                {
                    w.WriteStartObject("delta");
                    w.WriteString("role", "assistant");
                    w.WriteString("content", word);
                    w.WriteEndObject();
                    if (last) w.WriteString("finish_reason", "stop");
                    else w.WriteNull("finish_reason");
                }, aborted).ConfigureAwait(false);
            }
            if (turn.IncludeUsage)
            {
                // stream_options.include_usage: one more chunk, its choices empty, with the usage of the whole request.
                var chunk = new System.Buffers.ArrayBufferWriter<byte>();
                using (var writer = new Utf8JsonWriter(chunk))
                {
                    writer.WriteStartObject();
                    Head(writer, "chat.completion.chunk", id, created, model);
                    writer.WriteStartArray("choices");
                    writer.WriteEndArray();
                    WriteUsage(writer, promptTokens, completionTokens);
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

    private static async Task WriteChunkAsync(HttpResponse response, string id, long created, string model, Action<Utf8JsonWriter> choice, CancellationToken cancellationToken)
    {
        var chunk = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(chunk))
        {
            writer.WriteStartObject();
            Head(writer, "chat.completion.chunk", id, created, model);
            writer.WriteStartArray("choices");
            writer.WriteStartObject();
            writer.WriteNumber("index", 0);
            choice(writer);
            writer.WriteNull("logprobs");
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteNull("usage");
            writer.WriteEndObject();
        }
        await WriteEventAsync(response, chunk.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    private static void WriteCall(Utf8JsonWriter writer, ChatTurn.Call call, string arguments, bool withIndex)
    {
        writer.WriteStartObject();
        if (withIndex) writer.WriteNumber("index", 0);
        writer.WriteString("id", call.Id);
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", call.Name);
        writer.WriteString("arguments", arguments);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WritePiece(Utf8JsonWriter writer, string arguments)
    {
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("function");
        writer.WriteString("arguments", arguments);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteUsage(Utf8JsonWriter writer, int prompt, int completion)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("completion_tokens", completion);
        writer.WriteNumber("prompt_tokens", prompt);
        writer.WriteNumber("total_tokens", completion + prompt);
        writer.WriteEndObject();
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
