using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace Toolkit.Cli.Import.OpenApi;

/// <summary>
/// Component schemas that are only a reference to another (<c>A: { $ref: B }</c>, or a one-element <c>allOf</c> of
/// one) and come back to themselves: <c>A → B → A</c> describes no value. Found on the raw document before it is
/// mapped (Microsoft.OpenApi would throw while resolving), so it is an error at the schema's line.
/// </summary>
internal static class OpenApiReferenceCycles
{
    private const string Prefix = "#/components/schemas/";

    public static void Check(JsonObject raw)
    {
        if (raw["components"]?["schemas"] is not JsonObject schemas) return;
        var alias = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, schema) in schemas)
        {
            if (AliasOf(schema) is { } target) alias[name] = target;
        }
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in alias.Keys)
        {
            var path = new List<string>();
            var onPath = new HashSet<string>(StringComparer.Ordinal);
            for (var current = start; current is not null && !done.Contains(current); current = alias.GetValueOrDefault(current))
            {
                if (!onPath.Add(current))
                {
                    var cycle = path.GetRange(path.IndexOf(current), path.Count - path.IndexOf(current));
                    cycle.Add(current);
                    throw new OpenApiShapeException(Prefix + OpenApiNotes.Escape(current),
                        $"the schema '{current}' is only a reference, and the references come back to it ({string.Join(" -> ", cycle)}): it describes no value. Give one of them a schema.");
                }
                path.Add(current);
            }
            done.UnionWith(path);
        }
    }

    /// <summary>The component a schema only refers to: <c>{ $ref }</c> (with docs beside it) or <c>{ allOf: [ { $ref } ] }</c>.</summary>
    private static string? AliasOf(JsonNode? schema)
    {
        if (schema is not JsonObject o) return null;
        foreach (var (key, _) in o)
        {
            if (key is not ("$ref" or "allOf" or "description" or "title" or "summary" or "deprecated" or "nullable" or "example" or "examples") && !key.StartsWith("x-", StringComparison.Ordinal)) return null;
        }
        if (o["$ref"] is JsonValue r && r.TryGetValue<string>(out var reference)) return Target(reference);
        if (o["allOf"] is JsonArray { Count: 1 } all) return AliasOf(all[0]) is { } inner && all[0] is JsonObject only && only.Count == 1 ? inner : null;
        return null;
    }

    private static string? Target(string reference)
        => reference.StartsWith(Prefix, StringComparison.Ordinal) ? reference.Substring(Prefix.Length).Replace("~1", "/").Replace("~0", "~") : null;
}
