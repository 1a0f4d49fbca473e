using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Toolkit.AI;

/// <summary>
/// An OpenAI-style chat-completion answer (as the spec's typed answer writes it) as Microsoft.Extensions.AI's
/// response, and a streamed answer's chunks as updates. What has no place there is kept in <c>AdditionalProperties</c>.
/// </summary>
internal static class ChatResponseReader
{
    // Mapped to the abstractions' own members; every other field goes to AdditionalProperties.
    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal) { "id", "created", "model", "choices", "usage" };
    private static readonly HashSet<string> MappedMessage = new(StringComparer.Ordinal) { "role", "content", "tool_calls", "reasoning", "reasoning_content" };
    private static readonly HashSet<string> MappedChoice = new(StringComparer.Ordinal) { "index", "message", "delta", "finish_reason" };

    public static ChatResponse Read(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var response = new ChatResponse();
        Head(root, out var id, out var created, out var model);
        response.ResponseId = id;
        response.CreatedAt = created;
        response.ModelId = model;
        foreach (var choice in Array(root, "choices"))
        {
            var message = new ChatMessage { MessageId = id };
            if (choice.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object)
            {
                message.Role = new ChatRole(String(m, "role") ?? "assistant");
                if ((String(m, "reasoning") ?? String(m, "reasoning_content")) is { Length: > 0 } reasoning) message.Contents.Add(new TextReasoningContent(reasoning));
                if (String(m, "content") is { } content) message.Contents.Add(new TextContent(content));
                foreach (var call in Array(m, "tool_calls"))
                {
                    var function = call.GetProperty("function");
                    message.Contents.Add(Call(String(call, "id") ?? "", String(function, "name") ?? "", ArgumentsText(function)));
                }
                message.AdditionalProperties = Rest(m, MappedMessage, message.AdditionalProperties);
            }
            message.AdditionalProperties = Rest(choice, MappedChoice, message.AdditionalProperties);
            if (String(choice, "finish_reason") is { } finish) response.FinishReason ??= FinishReason(finish);
            response.Messages.Add(message);
        }
        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object) response.Usage = Usage(usage);
        response.AdditionalProperties = Rest(root, Mapped, null);
        return response;
    }

    /// <summary>One chunk as an update; tool-call pieces go to <paramref name="calls"/>, to be whole at the end.</summary>
    public static ChatResponseUpdate ReadChunk(ReadOnlyMemory<byte> json, ToolCallAssembler calls)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Head(root, out var id, out var created, out var model);
        var update = new ChatResponseUpdate { ResponseId = id, MessageId = id, CreatedAt = created, ModelId = model };
        foreach (var choice in Array(root, "choices"))
        {
            if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
            {
                if (String(delta, "role") is { } role) update.Role = new ChatRole(role);
                if ((String(delta, "reasoning") ?? String(delta, "reasoning_content")) is { Length: > 0 } reasoning) update.Contents.Add(new TextReasoningContent(reasoning));
                if (String(delta, "content") is { Length: > 0 } content) update.Contents.Add(new TextContent(content));
                foreach (var piece in Array(delta, "tool_calls")) calls.Add(piece);
                update.AdditionalProperties = Rest(delta, MappedMessage, update.AdditionalProperties);
            }
            update.AdditionalProperties = Rest(choice, MappedChoice, update.AdditionalProperties);
            if (String(choice, "finish_reason") is { } finish) update.FinishReason = FinishReason(finish);
        }
        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object) update.Contents.Add(new UsageContent(Usage(usage)));
        update.AdditionalProperties = Rest(root, Mapped, update.AdditionalProperties);
        return update;
    }

    /// <summary>A call as the abstractions hold it: arguments parsed, or the parse error kept on the call (the model wrote them).</summary>
    internal static FunctionCallContent Call(string id, string name, string arguments)
        => FunctionCallContent.CreateFromParsedArguments(arguments, id, name, AIJson.ParseArguments);

    /// <summary>The arguments as text: OpenAI sends a JSON string; text-generation-inference's documents declare any JSON, so an object is taken as it is.</summary>
    internal static string ArgumentsText(JsonElement function)
        => !function.TryGetProperty("arguments", out var a) ? "" : a.ValueKind switch
        {
            JsonValueKind.String => a.GetString() ?? "",
            JsonValueKind.Object => a.GetRawText(),
            _ => "",
        };

    private static void Head(JsonElement root, out string? id, out DateTimeOffset? created, out string? model)
    {
        id = String(root, "id");
        created = root.TryGetProperty("created", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt64(out var seconds)
            && seconds is >= 0 and <= 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        model = String(root, "model");
    }

    private static ChatFinishReason FinishReason(string value) => value switch
    {
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(value),
    };

    private static UsageDetails Usage(JsonElement usage)
    {
        var details = new UsageDetails
        {
            InputTokenCount = Long(usage, "prompt_tokens"),
            OutputTokenCount = Long(usage, "completion_tokens"),
            TotalTokenCount = Long(usage, "total_tokens"),
        };
        foreach (var p in usage.EnumerateObject())
        {
            if (p.Name is "prompt_tokens" or "completion_tokens" or "total_tokens") continue;
            if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt64(out var count)) (details.AdditionalCounts ??= new())[p.Name] = count;
            else if (p.Value.ValueKind == JsonValueKind.Object)
            {
                // prompt_tokens_details.cached_tokens and the like: counts by their path.
                foreach (var inner in p.Value.EnumerateObject())
                {
                    if (inner.Value.ValueKind == JsonValueKind.Number && inner.Value.TryGetInt64(out var n)) (details.AdditionalCounts ??= new())[p.Name + "." + inner.Name] = n;
                }
            }
        }
        return details;
    }

    private static AdditionalPropertiesDictionary? Rest(JsonElement element, HashSet<string> mapped, AdditionalPropertiesDictionary? into)
    {
        foreach (var p in element.EnumerateObject())
        {
            if (mapped.Contains(p.Name) || p.Value.ValueKind == JsonValueKind.Null) continue;
            (into ??= new())[p.Name] = p.Value.Clone();
        }
        return into;
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string name)
        => element.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a.EnumerateArray() : System.Linq.Enumerable.Empty<JsonElement>();

    private static string? String(JsonElement element, string name)
        => element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Long(JsonElement element, string name)
        => element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;
}

/// <summary>A streamed answer's tool calls, assembled from their pieces by index: id and name once, the arguments in parts.</summary>
internal sealed class ToolCallAssembler
{
    private readonly SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)> _calls = new();

    public bool IsEmpty => _calls.Count == 0;

    public void Add(JsonElement piece)
    {
        var index = piece.TryGetProperty("index", out var i) && i.ValueKind == JsonValueKind.Number && i.TryGetInt32(out var n) ? n : _calls.Count;
        if (!_calls.TryGetValue(index, out var call)) call = (null, null, new StringBuilder());
        if (piece.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String) call.Id ??= id.GetString();
        if (piece.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object)
        {
            if (f.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String) call.Name ??= name.GetString();
            call.Arguments.Append(ChatResponseReader.ArgumentsText(f));
        }
        _calls[index] = call;
    }

    /// <summary>The whole calls, in index order; a call without an id gets one from its index (some servers send none).</summary>
    public List<AIContent> Complete()
    {
        var result = new List<AIContent>();
        foreach (var (index, call) in _calls)
        {
            result.Add(ChatResponseReader.Call(call.Id ?? "call_" + index.ToString(CultureInfo.InvariantCulture), call.Name ?? "", call.Arguments.ToString()));
        }
        _calls.Clear();
        return result;
    }
}
