using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace Toolkit.Generator.Parsing;

internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>A JSON value with the span of text it came from, so that diagnostics can point at it.</summary>
internal abstract class JsonNode
{
    protected JsonNode(JsonKind kind, TextSpan span)
    {
        Kind = kind;
        Span = span;
    }

    public JsonKind Kind { get; }

    public TextSpan Span { get; }

    /// <summary>How the kind reads in a message, e.g. "a string".</summary>
    public string Describe() => Kind switch
    {
        JsonKind.Object => "an object",
        JsonKind.Array => "an array",
        JsonKind.String => "a string",
        JsonKind.Number => "a number",
        JsonKind.True or JsonKind.False => "a boolean",
        _ => "null",
    };
}

internal sealed class JsonProperty
{
    public JsonProperty(string name, TextSpan nameSpan, JsonNode value)
    {
        Name = name;
        NameSpan = nameSpan;
        Value = value;
    }

    public string Name { get; }

    public TextSpan NameSpan { get; }

    public JsonNode Value { get; }
}

internal sealed class JsonObject : JsonNode
{
    public JsonObject(TextSpan span, List<JsonProperty> properties) : base(JsonKind.Object, span) => Properties = properties;

    /// <summary>Properties in document order, duplicates included (the spec parser reports them).</summary>
    public List<JsonProperty> Properties { get; }
}

internal sealed class JsonArray : JsonNode
{
    public JsonArray(TextSpan span, List<JsonNode> items) : base(JsonKind.Array, span) => Items = items;

    public List<JsonNode> Items { get; }
}

internal sealed class JsonString : JsonNode
{
    public JsonString(TextSpan span, string value) : base(JsonKind.String, span) => Value = value;

    public string Value { get; }
}

internal sealed class JsonNumber : JsonNode
{
    public JsonNumber(TextSpan span, string text, double value) : base(JsonKind.Number, span)
    {
        Text = text;
        Value = value;
    }

    /// <summary>The number exactly as written (kept for defaults, so 0.50 is not reformatted).</summary>
    public string Text { get; }

    public double Value { get; }

    public bool IsInteger => Text.IndexOfAny(new[] { '.', 'e', 'E' }) < 0;
}

internal sealed class JsonLiteral : JsonNode
{
    public JsonLiteral(JsonKind kind, TextSpan span) : base(kind, span)
    {
    }
}
