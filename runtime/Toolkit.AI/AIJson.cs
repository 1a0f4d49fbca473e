using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Toolkit.AI;

/// <summary>JSON values the abstractions hand over as objects (options' extra properties, tool results, arguments).</summary>
internal static class AIJson
{
    /// <summary>Writes <paramref name="value"/> as JSON: JSON as it is, strings and numbers as themselves, anything else by Microsoft.Extensions.AI's own JSON contracts.</summary>
    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case JsonElement e: e.WriteTo(writer); break;
            case JsonDocument d: d.RootElement.WriteTo(writer); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case float f: writer.WriteNumberValue(f); break;
            case double d: writer.WriteNumberValue(d); break;
            case decimal m: writer.WriteNumberValue(m); break;
            default:
                JsonSerializer.Serialize(writer, value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
                break;
        }
    }

    /// <summary>A value as text: a string (or a JSON string) as it is, anything else as its JSON (a tool's result goes to the model as text).</summary>
    public static string Text(object? value)
    {
        if (value is string s) return s;
        if (value is JsonElement { ValueKind: JsonValueKind.String } e) return e.GetString()!; // a tool that answered a string
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) Write(writer, value);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Arguments as the JSON object text the wire carries.</summary>
    public static string Arguments(IDictionary<string, object?>? arguments)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (arguments is not null)
            {
                foreach (var (name, value) in arguments)
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Arguments the model wrote, parsed: each value a <see cref="JsonElement"/>; text that is no JSON object is an exception the caller records.</summary>
    public static IDictionary<string, object?> ParseArguments(string text)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text)) return result;
        using var document = JsonDocument.Parse(text);
        if (document.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("The arguments are not a JSON object.");
        foreach (var p in document.RootElement.EnumerateObject()) result[p.Name] = p.Value.Clone();
        return result;
    }
}
