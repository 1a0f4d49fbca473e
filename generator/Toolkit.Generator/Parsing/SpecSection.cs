using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.Text;
using Toolkit.Generator.Diagnostics;
using Toolkit.Generator.Naming;

namespace Toolkit.Generator.Parsing;

/// <summary>
/// Reads one JSON object of a spec against its list of allowed keys. Unknown and duplicate keys are
/// reported on construction, so nothing in a spec is ever silently ignored.
/// </summary>
internal sealed class SpecSection
{
    private readonly SpecParser _parser;
    private readonly Dictionary<string, JsonProperty> _properties = new();

    public SpecSection(SpecParser parser, JsonObject node, string what, params string[] allowedKeys)
    {
        _parser = parser;
        Node = node;
        What = what;
        // A set, not the array: objects of fields list every field as allowed, and the parser must stay linear.
        var allowed = new HashSet<string>(allowedKeys, System.StringComparer.Ordinal);
        foreach (var property in node.Properties)
        {
            if (_properties.ContainsKey(property.Name))
            {
                parser.Report(DiagnosticDescriptors.DuplicateKey, property.NameSpan, property.Name, what);
                continue;
            }
            _properties.Add(property.Name, property);
            if (!allowed.Contains(property.Name))
            {
                parser.Report(DiagnosticDescriptors.UnknownKey, property.NameSpan, property.Name, what, Suggest(property.Name, allowedKeys));
            }
        }
    }

    public JsonObject Node { get; }

    /// <summary>How messages name this object, e.g. "payload field 'inputs'".</summary>
    public string What { get; }

    public JsonNode? Get(string key) => _properties.TryGetValue(key, out var p) ? p.Value : null;

    public TextSpan KeySpan(string key) => _properties.TryGetValue(key, out var p) ? p.NameSpan : Node.Span;

    public bool Has(string key) => _properties.ContainsKey(key);

    /// <summary>Reports a missing required key at the object's opening brace.</summary>
    public void ReportMissing(string key, string hint)
        => _parser.Report(DiagnosticDescriptors.MissingKey, new TextSpan(Node.Span.Start, 1), What, key, hint);

    public string? String(string key, bool required = false, string hint = "")
    {
        var node = Get(key);
        if (node is null)
        {
            if (required) ReportMissing(key, hint);
            return null;
        }
        if (node is JsonString s) return s.Value;
        _parser.ReportInvalid(node, key, What, "a string");
        return null;
    }

    public bool? Bool(string key)
    {
        var node = Get(key);
        switch (node)
        {
            case null: return null;
            case { Kind: JsonKind.True }: return true;
            case { Kind: JsonKind.False }: return false;
            default:
                _parser.ReportInvalid(node, key, What, "true or false");
                return null;
        }
    }

    public double? Number(string key)
    {
        var node = Get(key);
        if (node is null) return null;
        if (node is JsonNumber n) return n.Value;
        _parser.ReportInvalid(node, key, What, "a number");
        return null;
    }

    public JsonObject? Object(string key, bool required = false, string hint = "")
    {
        var node = Get(key);
        if (node is null)
        {
            if (required) ReportMissing(key, hint);
            return null;
        }
        if (node is JsonObject o) return o;
        _parser.ReportInvalid(node, key, What, "an object");
        return null;
    }

    /// <summary>A list of HTTP status codes, e.g. <c>[200]</c>.</summary>
    public List<int>? StatusList(string key)
    {
        var node = Get(key);
        if (node is null) return null;
        if (node is not JsonArray array)
        {
            _parser.ReportInvalid(node, key, What, "an array of HTTP status codes");
            return null;
        }
        var result = new List<int>();
        foreach (var item in array.Items)
        {
            if (item is JsonNumber { IsInteger: true } n && n.Value >= 100 && n.Value <= 599)
            {
                var code = (int)n.Value;
                if (!result.Contains(code)) result.Add(code);
            }
            else
            {
                _parser.ReportInvalid(item, key, What, "an HTTP status code between 100 and 599");
            }
        }
        return result;
    }

    public int? Status(string key)
    {
        var node = Get(key);
        if (node is null) return null;
        if (node is JsonNumber { IsInteger: true } n && n.Value >= 100 && n.Value <= 599) return (int)n.Value;
        _parser.ReportInvalid(node, key, What, "an HTTP status code between 100 and 599");
        return null;
    }

    private static string Suggest(string key, string[] allowed)
    {
        var best = allowed
            .Select(a => (Key: a, Distance: Names.Distance(key, a)))
            .Where(x => x.Distance <= System.Math.Max(2, key.Length / 3))
            .OrderBy(x => x.Distance)
            .Select(x => x.Key)
            .FirstOrDefault();
        var list = string.Join(", ", allowed.Where(a => a != "$schema"));
        return best is null
            ? string.Format(CultureInfo.InvariantCulture, "Allowed keys: {0}.", list)
            : string.Format(CultureInfo.InvariantCulture, "Did you mean '{0}'? Allowed keys: {1}.", best, list);
    }
}
