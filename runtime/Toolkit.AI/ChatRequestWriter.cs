using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Toolkit.AI;

/// <summary>
/// Microsoft.Extensions.AI's messages and options as an OpenAI-style chat-completion request body: what every
/// chat-completion operation (Hugging Face's task schema, the router, text-generation-inference) reads.
/// </summary>
internal static class ChatRequestWriter
{
    /// <summary>The request body. <paramref name="fields"/> are the request's own fields: optional extras the spec lacks are not written.</summary>
    /// <exception cref="NotSupportedException">A message content or option the wire form has no place for.</exception>
    public static byte[] Write(IEnumerable<ChatMessage> messages, ChatOptions? options, string? model, bool streamed, IReadOnlyCollection<string> fields,
        IReadOnlyCollection<string>? messageFields = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (options?.ConversationId is not null) throw new NotSupportedException("Chat completion keeps no conversations: ChatOptions.ConversationId must be null (send the whole history).");
        if (options?.ContinuationToken is not null || options?.AllowBackgroundResponses == true) throw new NotSupportedException("Chat completion has no background responses.");
        if (options?.RawRepresentationFactory is not null) throw new NotSupportedException("ChatOptions.RawRepresentationFactory is not supported: set the spec's fields through ChatOptions.AdditionalProperties.");

        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            // The model first: the Hugging Face router reads the provider from a prefix of the body.
            if (model is not null && fields.Contains("model")) w.WriteString("model", model);
            w.WriteStartArray("messages");
            if (options?.Instructions is { } instructions)
            {
                w.WriteStartObject();
                w.WriteString("role", "system");
                w.WriteString("content", instructions);
                w.WriteEndObject();
            }
            foreach (var message in messages) WriteMessage(w, message, messageFields);
            w.WriteEndArray();
            if (options is not null) WriteOptions(w, options);
            if (streamed && fields.Contains("stream_options"))
            {
                // Usage comes in a last chunk only when asked for.
                w.WriteStartObject("stream_options");
                w.WriteBoolean("include_usage", true);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteMessage(Utf8JsonWriter w, ChatMessage message, IReadOnlyCollection<string>? messageFields)
    {
        ArgumentNullException.ThrowIfNull(message);
        var results = message.Contents.OfType<FunctionResultContent>().ToList();
        var calls = message.Contents.OfType<FunctionCallContent>().ToList();
        var parts = message.Contents.Where(c => c is not FunctionResultContent and not FunctionCallContent and not TextReasoningContent and not UsageContent).ToList();
        foreach (var unsupported in parts.Where(c => !IsPart(c)))
        {
            throw new NotSupportedException($"A chat message cannot carry {unsupported.GetType().Name}" +
                (unsupported is DataContent d ? $" of {d.MediaType}" : "") + ": text and images only.");
        }

        // Each tool result is a message of its own (role tool), answering its call by id.
        foreach (var result in results)
        {
            w.WriteStartObject();
            w.WriteString("role", "tool");
            if (messageFields?.Contains("tool_call_id") != false) w.WriteString("tool_call_id", result.CallId);
            w.WriteString("content", result.Exception is { } e ? "Error: " + e.Message : AIJson.Text(result.Result));
            w.WriteEndObject();
        }
        if (parts.Count == 0 && calls.Count == 0 && results.Count > 0) return;

        w.WriteStartObject();
        w.WriteString("role", message.Role.Value);
        if (message.AuthorName is { } name && messageFields?.Contains("name") != false) w.WriteString("name", name);
        if (parts.All(p => p is TextContent))
        {
            var text = string.Concat(parts.Cast<TextContent>().Select(t => t.Text));
            if (parts.Count > 0 || calls.Count == 0) w.WriteString("content", text);
        }
        else
        {
            w.WriteStartArray("content");
            foreach (var part in parts) WritePart(w, part);
            w.WriteEndArray();
        }
        if (calls.Count > 0)
        {
            w.WriteStartArray("tool_calls");
            foreach (var call in calls)
            {
                w.WriteStartObject();
                w.WriteString("id", call.CallId);
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", call.Name);
                w.WriteString("arguments", AIJson.Arguments(call.Arguments));
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static bool IsPart(AIContent content) => content switch
    {
        TextContent => true,
        DataContent d => d.HasTopLevelMediaType("image"),
        UriContent u => u.HasTopLevelMediaType("image"),
        _ => false,
    };

    private static void WritePart(Utf8JsonWriter w, AIContent part)
    {
        w.WriteStartObject();
        if (part is TextContent text)
        {
            w.WriteString("type", "text");
            w.WriteString("text", text.Text);
        }
        else
        {
            w.WriteString("type", "image_url");
            w.WriteStartObject("image_url");
            w.WriteString("url", part is DataContent data ? data.Uri : ((UriContent)part).Uri.ToString());
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteOptions(Utf8JsonWriter w, ChatOptions o)
    {
        if (o.Temperature is { } temperature) w.WriteNumber("temperature", temperature);
        if (o.MaxOutputTokens is { } max) w.WriteNumber("max_tokens", max);
        if (o.TopP is { } topP) w.WriteNumber("top_p", topP);
        if (o.TopK is { } topK) w.WriteNumber("top_k", topK);
        if (o.FrequencyPenalty is { } frequency) w.WriteNumber("frequency_penalty", frequency);
        if (o.PresencePenalty is { } presence) w.WriteNumber("presence_penalty", presence);
        if (o.Seed is { } seed) w.WriteNumber("seed", seed);
        if (o.StopSequences is { Count: > 0 } stop)
        {
            w.WriteStartArray("stop");
            foreach (var s in stop) w.WriteStringValue(s);
            w.WriteEndArray();
        }
        if (o.Reasoning?.Effort is { } effort)
        {
            w.WriteString("reasoning_effort", effort switch
            {
                ReasoningEffort.None => "none",
                ReasoningEffort.Low => "low",
                ReasoningEffort.Medium => "medium",
                ReasoningEffort.High => "high",
                ReasoningEffort.ExtraHigh => "xhigh",
                _ => throw new NotSupportedException($"Reasoning effort {effort} has no wire name."),
            });
        }
        switch (o.ResponseFormat)
        {
            case null: break;
            case ChatResponseFormatText:
                w.WriteStartObject("response_format");
                w.WriteString("type", "text");
                w.WriteEndObject();
                break;
            case ChatResponseFormatJson { Schema: null }:
                w.WriteStartObject("response_format");
                w.WriteString("type", "json_object");
                w.WriteEndObject();
                break;
            case ChatResponseFormatJson json:
                w.WriteStartObject("response_format");
                w.WriteString("type", "json_schema");
                w.WriteStartObject("json_schema");
                w.WriteString("name", json.SchemaName ?? "response");
                if (json.SchemaDescription is { } description) w.WriteString("description", description);
                w.WritePropertyName("schema");
                json.Schema!.Value.WriteTo(w);
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            default:
                throw new NotSupportedException($"Response format {o.ResponseFormat.GetType().Name} is not supported.");
        }
        if (o.Tools is { Count: > 0 } tools)
        {
            w.WriteStartArray("tools");
            foreach (var tool in tools)
            {
                if (tool is not AIFunctionDeclaration function) throw new NotSupportedException($"Tool '{tool.Name}' ({tool.GetType().Name}) is not a function: chat completion calls functions only.");
                w.WriteStartObject();
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", function.Name);
                if (!string.IsNullOrEmpty(function.Description)) w.WriteString("description", function.Description);
                w.WritePropertyName("parameters");
                function.JsonSchema.WriteTo(w);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        switch (o.ToolMode)
        {
            case null: break;
            case AutoChatToolMode: w.WriteString("tool_choice", "auto"); break;
            case NoneChatToolMode: w.WriteString("tool_choice", "none"); break;
            case RequiredChatToolMode { RequiredFunctionName: null }: w.WriteString("tool_choice", "required"); break;
            case RequiredChatToolMode required:
                w.WriteStartObject("tool_choice");
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", required.RequiredFunctionName);
                w.WriteEndObject();
                w.WriteEndObject();
                break;
        }
        if (o.AllowMultipleToolCalls is { } parallel) w.WriteBoolean("parallel_tool_calls", parallel);
        if (o.AdditionalProperties is { } extra)
        {
            foreach (var (name, value) in extra)
            {
                w.WritePropertyName(name);
                AIJson.Write(w, value);
            }
        }
    }
}
