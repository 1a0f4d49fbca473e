using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace SegmentationStandIn;

/// <summary>
/// What the chat stand-in reads from a chat request: the model, the last message's text, whether to stream, and the
/// tools. Its rule for tools is deterministic, not a model's: when tools are given (and <c>tool_choice</c> is not
/// <c>none</c>) and the last message is the user's, it calls the tool <c>tool_choice</c> names, else the first, filling
/// each required argument from the prompt (strings: the prompt; numbers: its word count; booleans: true); when the
/// last message is a tool's result, it answers in words that quote it.
/// </summary>
internal sealed class ChatTurn
{
    /// <summary>A tool call the stand-in makes.</summary>
    internal readonly record struct Call(string Id, string Name, string Arguments);

    private readonly List<JsonElement> _tools = new();
    private string? _forced;
    private bool _none;
    private string _lastRole = "";

    public string? Model { get; private set; }

    /// <summary>The last message's text (a user's prompt, or a tool's result).</summary>
    public string Prompt { get; private set; } = "";

    public bool Stream { get; private set; }

    public bool IncludeUsage { get; private set; }

    public static ChatTurn Read(byte[] body)
    {
        var turn = new ChatTurn();
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String) turn.Model = model.GetString();
        var last = root.GetProperty("messages").EnumerateArray().LastOrDefault();
        if (last.ValueKind == JsonValueKind.Object)
        {
            turn._lastRole = last.GetProperty("role").GetString() ?? "";
            if (last.TryGetProperty("content", out var content)) turn.Prompt = Text(content);
        }
        turn.Stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        turn.IncludeUsage = root.TryGetProperty("stream_options", out var o) && o.ValueKind == JsonValueKind.Object
            && o.TryGetProperty("include_usage", out var u) && u.ValueKind == JsonValueKind.True;
        if (root.TryGetProperty("tools", out var tools) && tools.ValueKind == JsonValueKind.Array)
        {
            foreach (var tool in tools.EnumerateArray()) turn._tools.Add(tool.GetProperty("function").Clone());
        }
        if (root.TryGetProperty("tool_choice", out var choice))
        {
            if (choice.ValueKind == JsonValueKind.String) turn._none = choice.GetString() == "none";
            else if (choice.ValueKind == JsonValueKind.Object) turn._forced = choice.GetProperty("function").GetProperty("name").GetString();
        }
        return turn;
    }

    /// <summary>The call to make, or null to answer in words.</summary>
    public Call? ToolCall()
    {
        if (_tools.Count == 0 || _none || _lastRole != "user") return null;
        var tool = _forced is null ? _tools[0] : _tools.FirstOrDefault(t => t.GetProperty("name").GetString() == _forced);
        if (tool.ValueKind != JsonValueKind.Object) throw new FormatException($"tool_choice names '{_forced}', which is not among the tools");
        var name = tool.GetProperty("name").GetString() ?? "";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (tool.TryGetProperty("parameters", out var schema) && schema.ValueKind == JsonValueKind.Object
                && schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                var required = schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
                    ? r.EnumerateArray().Select(x => x.GetString()).ToHashSet()
                    : null;
                foreach (var property in properties.EnumerateObject())
                {
                    if (required is not null && !required.Contains(property.Name)) continue;
                    var type = property.Value.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "string";
                    switch (type)
                    {
                        case "integer" or "number": writer.WriteNumber(property.Name, Prompt.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length); break;
                        case "boolean": writer.WriteBoolean(property.Name, true); break;
                        case "string": writer.WriteString(property.Name, Prompt); break;
                    }
                }
            }
            writer.WriteEndObject();
        }
        // The same turn, the same id: a deterministic stand-in.
        var hash = 2166136261u;
        foreach (var c in name + "\n" + Prompt) hash = (hash ^ c) * 16777619u;
        return new Call("call_" + hash.ToString("x8", CultureInfo.InvariantCulture), name, System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static string Text(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString() ?? "",
        JsonValueKind.Array => string.Join(" ", content.EnumerateArray()
            .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            .Select(p => p.GetProperty("text").GetString())),
        _ => "",
    };
}
