using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace Toolkit.Cli.Import;

/// <summary>
/// Hugging Face task schemas refer to shared definitions as <c>/inference/schemas/common-definitions.json#/definitions/X</c>,
/// a path on their web server. This copies those definitions into the schema's own <c>$defs</c> and points the
/// references there, so that NJsonSchema resolves every <c>$ref</c> inside one document.
/// </summary>
internal static class SchemaBundler
{
    private const string CommonPrefix = "/inference/schemas/common-definitions.json#/definitions/";

    /// <summary>The bundled schema text, or an error message.</summary>
    public static (string? Json, string? Error) Bundle(string schemaPath, string? commonPath)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(schemaPath)) as JsonObject ?? throw new FormatException("the root is not an object");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
        {
            return (null, $"{schemaPath}: not a JSON Schema object ({e.Message})");
        }
        MoveDefs(root);
        ConstToEnum(root);
        if (!root.ToJsonString().Contains(CommonPrefix, StringComparison.Ordinal)) return (root.ToJsonString(), null);

        commonPath ??= FindCommon(schemaPath);
        if (commonPath is null || !File.Exists(commonPath))
        {
            return (null, $"{schemaPath} refers to common-definitions.json, which is neither beside it nor in its parent folder; pass --common <path>.");
        }
        JsonObject? definitions;
        try
        {
            definitions = (JsonNode.Parse(File.ReadAllText(commonPath)) as JsonObject)?["definitions"] as JsonObject;
        }
        catch (System.Text.Json.JsonException e)
        {
            return (null, $"{commonPath}: not valid JSON ({e.Message})");
        }
        if (definitions is null) return (null, $"{commonPath} has no \"definitions\" object.");

        // Draft-06 "definitions" (the schemas' own $schema), beside their own "$defs".
        var defs = root["definitions"] as JsonObject ?? new JsonObject();
        root["definitions"] = defs;
        foreach (var (name, definition) in definitions.ToList())
        {
            var key = defs.ContainsKey(name) ? "Common" + name : name;
            defs[key] = definition?.DeepClone();
            Rewrite(root, CommonPrefix + name, "#/definitions/" + key);
            if (key != name) Rewrite(defs, "#/definitions/" + name, "#/definitions/" + key);
        }
        return (root.ToJsonString(), null);
    }

    /// <summary>
    /// NJsonSchema (draft-04 to 07) knows "definitions", not draft 2019's "$defs": schemas under "$defs" are found,
    /// but the references inside them are never resolved. Moving them keeps every $ref resolvable.
    /// </summary>
    private static void MoveDefs(JsonObject root)
    {
        if (root["$defs"] is not JsonObject defs) return;
        root.Remove("$defs");
        var definitions = root["definitions"] as JsonObject ?? new JsonObject();
        root["definitions"] = definitions;
        var names = defs.Select(p => p.Key).ToList();
        foreach (var name in names)
        {
            var definition = defs[name];
            defs.Remove(name);
            definitions[name] = definition;
        }
        // Only once every definition has moved: references between them (cycles included) are rewritten too.
        foreach (var name in names) Rewrite(root, "#/$defs/" + name, "#/definitions/" + name);
    }

    /// <summary>
    /// <c>"const": x</c> is <c>"enum": [x]</c> (draft-06); NJsonSchema ignores <c>const</c>, so a oneOf of consts would
    /// accept any string and match several alternatives at once.
    /// </summary>
    private static void ConstToEnum(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["const"] is { } constant && !o.ContainsKey("enum"))
                {
                    o.Remove("const");
                    o["enum"] = new JsonArray(constant.DeepClone());
                }
                foreach (var (_, value) in o.ToList()) ConstToEnum(value);
                break;
            case JsonArray a:
                foreach (var item in a) ConstToEnum(item);
                break;
        }
    }

    /// <summary>common-definitions.json beside the schema, or in its parent folder.</summary>
    public static string? FindCommon(string schemaPath)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(schemaPath))!;
        foreach (var candidate in new[] { Path.Combine(dir, "common-definitions.json"), Path.Combine(dir, "..", "common-definitions.json"), Path.Combine(dir, "..", "..", "common-definitions.json") })
        {
            if (File.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        return null;
    }

    private static void Rewrite(JsonNode? node, string from, string to)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (key == "$ref" && value is JsonValue v && v.TryGetValue<string>(out var reference) && reference == from) o[key] = to;
                    else Rewrite(value, from, to);
                }
                break;
            case JsonArray a:
                foreach (var item in a) Rewrite(item, from, to);
                break;
        }
    }
}
