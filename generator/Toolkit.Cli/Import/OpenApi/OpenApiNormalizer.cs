using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toolkit.Cli.Import.OpenApi;

/// <summary>
/// Rewrites the 3.1 forms a document that says 3.0 uses anyway into their 3.0 meaning, so that Microsoft.OpenApi's 3.0
/// reader does not refuse the whole document for one node: a numeric <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c>
/// becomes the bound plus <c>true</c>; <c>type: [T, "null"]</c> becomes <c>type: T, nullable: true</c>. Every rewrite
/// is a note with the node's pointer. A <c>nullable: true</c> without a <c>type</c> (on an allOf/oneOf/anyOf) is marked
/// <see cref="NullableMark"/>, the reader's way of handing that fact to the mapping. Documents that say 3.1 are left as they are.
/// </summary>
internal static class OpenApiNormalizer
{
    /// <summary>A 3.0 <c>nullable: true</c> beside no <c>type</c>, which Microsoft.OpenApi would drop, kept for the mapping.</summary>
    internal const string NullableMark = "x-toolkit-nullable";

    public static void Normalize(JsonObject root, OpenApiNotes notes)
    {
        if (root["openapi"]?.GetValue<string>() is not { } version || !version.StartsWith("3.0", StringComparison.Ordinal)) return;
        var exclusive = 0;
        var typeLists = 0;
        var nullAlternatives = 0;
        string? firstExclusive = null, firstTypeList = null, firstNull = null;
        Walk(root, "#");
        if (exclusive > 0) notes.Add(firstExclusive!, $"the document says OpenAPI {version} but writes 3.1's numeric exclusiveMinimum/exclusiveMaximum ({exclusive} nodes, the first here); read as the 3.0 bound plus \"exclusive\": true.");
        if (nullAlternatives > 0) notes.Add(firstNull!, $"{{ \"nullable\": true }} as an alternative of anyOf/oneOf ({nullAlternatives} nodes, the first here) read as null: the alternative is null.");
        if (typeLists > 0) notes.Add(firstTypeList!, $"the document says OpenAPI {version} but writes 3.1's type lists ({typeLists} nodes, the first here); [T, \"null\"] read as T with nullable.");

        void Walk(JsonNode? node, string pointer)
        {
            if (node is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++) Walk(array[i], pointer + "/" + i.ToString(CultureInfo.InvariantCulture));
                return;
            }
            if (node is not JsonObject o) return;
            foreach (var (bound, flag) in new[] { ("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum") })
            {
                if (o[bound] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && IsSchema(o))
                {
                    o[flag] = v.DeepClone();
                    o[bound] = true;
                    exclusive++;
                    firstExclusive ??= pointer + "/" + bound;
                }
            }
            if (o["type"] is JsonArray types && IsSchema(o))
            {
                var names = types.Select(t => t is JsonValue tv && tv.TryGetValue<string>(out var s) ? s : null).ToList();
                var nonNull = names.Where(n => n != "null").ToList();
                if (nonNull.Count == 1 && nonNull[0] is { } only)
                {
                    o["type"] = only;
                    if (names.Contains("null")) o["nullable"] = true;
                    typeLists++;
                    firstTypeList ??= pointer + "/type";
                }
            }
            if (o["nullable"] is JsonValue nullableFlag && nullableFlag.GetValueKind() == JsonValueKind.True && !o.ContainsKey("type")
                && (o.ContainsKey("allOf") || o.ContainsKey("oneOf") || o.ContainsKey("anyOf")))
            {
                // { allOf: [ $ref ], nullable: true } with no type (TGI's logprobs): Microsoft.OpenApi keeps 3.0's nullable
                // only beside a type, so the fact is kept here for the mapping (OpenApiSchemaMapper.AdmitsNull) to read.
                o[NullableMark] = true;
            }
            foreach (var keyword in new[] { "anyOf", "oneOf" })
            {
                if (o[keyword] is not JsonArray alternatives) continue;
                for (var i = 0; i < alternatives.Count; i++)
                {
                    // Qdrant's "X or null": anyOf [ { $ref X }, { nullable: true } ]. Alone, 3.0's nullable means nothing.
                    if (alternatives[i] is JsonObject alt && alt["nullable"] is JsonValue n && n.GetValueKind() == JsonValueKind.True
                        && alt.All(p => p.Key is "nullable" or "description" or "title"))
                    {
                        alternatives[i] = new JsonObject { ["enum"] = new JsonArray((JsonNode?)null) };
                        nullAlternatives++;
                        firstNull ??= pointer + "/" + keyword + "/" + i.ToString(CultureInfo.InvariantCulture);
                    }
                }
            }
            foreach (var (key, value) in o.ToList())
            {
                // Examples and extensions hold data, not schemas: leave them alone.
                if (key is "example" or "examples" or "default" or "enum" or "const" || key.StartsWith("x-", StringComparison.Ordinal)) continue;
                Walk(value, pointer + "/" + OpenApiNotes.Escape(key));
            }
        }
    }

    /// <summary>
    /// One note for every specification extension (<c>x-oaiMeta</c>, <c>x-stainless-const</c>, ...) the import does not
    /// read, with how often each appears and where the first is: they are vendor data (examples, SDK hints), not API
    /// shape. The importer's own <c>x-toolkit-*</c> keys are read, not noted.
    /// </summary>
    public static void NoteExtensions(JsonObject root, OpenApiNotes notes)
    {
        var counts = new System.Collections.Generic.SortedDictionary<string, int>(StringComparer.Ordinal);
        string? first = null;
        var pending = new System.Collections.Generic.Stack<(JsonNode Node, string Pointer)>();
        pending.Push((root, "#"));
        while (pending.Count > 0)
        {
            var (node, pointer) = pending.Pop();
            if (node is JsonArray array)
            {
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    if (array[i] is { } item) pending.Push((item, pointer + "/" + i.ToString(CultureInfo.InvariantCulture)));
                }
                continue;
            }
            if (node is not JsonObject o) continue;
            foreach (var (key, value) in o.Reverse())
            {
                if (key.StartsWith("x-", StringComparison.Ordinal))
                {
                    if (key.StartsWith("x-toolkit-", StringComparison.Ordinal)) continue;
                    counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;
                    first ??= pointer + "/" + OpenApiNotes.Escape(key);
                    continue; // an extension's value is its vendor's data
                }
                if (value is not null && key is not ("example" or "examples")) pending.Push((value, pointer + "/" + OpenApiNotes.Escape(key)));
            }
        }
        if (counts.Count == 0) return;
        notes.Add(first!, "extensions the import does not read are ignored: " + string.Join(", ", counts.Select(c => $"{c.Key} ({c.Value})")) + ".");
    }

    /// <summary>A node that looks like a schema (has a schema keyword), not, say, a property that is named "type".</summary>
    private static bool IsSchema(JsonObject o) => o["type"] is JsonValue or JsonArray || o.ContainsKey("minimum") || o.ContainsKey("maximum") || o.ContainsKey("format") || o.ContainsKey("nullable");
}
