using System;
using System.Buffers;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace SegmentationStandIn;

/// <summary>
/// Text generation on the stand-in (<c>POST /models/{model}</c> with a text <c>inputs</c> and generation
/// parameters): the same deterministic words as <see cref="ChatStandIn"/>. Whole, it answers as the real service does
/// (a one-element array of <c>{generated_text}</c>); with <c>"stream": true</c>, TGI's server-sent events: one token
/// per event, the last one carrying the whole text, and no end marker.
/// </summary>
public static class TextGenerationStandIn
{
    /// <summary>Whether a JSON body asks for text generation (segmentation's parameters have other names).</summary>
    internal static bool Asks(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.String) return false;
            if (root.TryGetProperty("stream", out _)) return true;
            return root.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object
                && (parameters.TryGetProperty("max_new_tokens", out _) || parameters.TryGetProperty("details", out _) || parameters.TryGetProperty("return_full_text", out _));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    internal static async Task HandleAsync(HttpContext context, byte[] body)
    {
        string prompt;
        bool stream;
        using (var document = JsonDocument.Parse(body))
        {
            prompt = document.RootElement.GetProperty("inputs").GetString()!;
            stream = document.RootElement.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        }
        var words = ChatStandIn.Answer(prompt);
        var text = string.Join(' ', words);
        context.Response.Headers["x-compute-type"] = "stand-in";
        if (!stream)
        {
            context.Response.ContentType = "application/json";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("generated_text", text);
            writer.WriteEndObject();
            writer.WriteEndArray();
            return;
        }

        context.Response.ContentType = "text/event-stream";
        var aborted = context.RequestAborted;
        try
        {
            for (var i = 0; i < words.Length; i++)
            {
                await Task.Delay(ChatStandIn.WordDelay, aborted).ConfigureAwait(false);
                var last = i == words.Length - 1;
                var buffer = new ArrayBufferWriter<byte>();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    writer.WriteStartObject("token");
                    writer.WriteNumber("id", i);
                    writer.WriteString("text", (i == 0 ? "" : " ") + words[i]);
                    writer.WriteNumber("logprob", -0.5);
                    writer.WriteBoolean("special", false);
                    writer.WriteEndObject();
                    if (last) writer.WriteString("generated_text", text);
                    else writer.WriteNull("generated_text");
                    writer.WriteNull("details");
                    writer.WriteEndObject();
                }
                await ChatStandIn.WriteEventAsync(context.Response, buffer.WrittenMemory, aborted).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or System.IO.IOException && aborted.IsCancellationRequested)
        {
            ChatStandIn.CountAbandoned();
        }
    }
}
