using System;
using System.Collections.Generic;
using System.Linq;
using NJsonSchema;

namespace Toolkit.Cli.Import;

/// <summary>
/// Finds a schema that is its own <c>allOf</c> part or <c>$ref</c> target, directly or through others: such a schema
/// describes nothing (merging it never ends), and NJsonSchema would recurse forever on it. Recursion through
/// properties and items (a tree whose children are trees) is fine and not reported.
/// </summary>
internal static class SchemaCycles
{
    /// <summary>Throws <see cref="ImportException"/> naming the cycle, when there is one.</summary>
    public static void Check(JsonSchema root, string file)
    {
        var names = new Dictionary<JsonSchema, string>(ReferenceEqualityComparer.Instance);
        foreach (var (name, definition) in root.Definitions) names[definition] = "#/definitions/" + name;
        names.TryAdd(root, "#");

        var all = new List<JsonSchema>();
        var seen = new HashSet<JsonSchema>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<JsonSchema>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var schema = pending.Pop();
            if (!seen.Add(schema)) continue;
            all.Add(schema);
            foreach (var next in Children(schema)) pending.Push(next);
        }

        // Depth-first along allOf and $ref edges only, with the path on a stack: a schema met again on it is a cycle.
        var done = new HashSet<JsonSchema>(ReferenceEqualityComparer.Instance);
        foreach (var start in all)
        {
            if (done.Contains(start)) continue;
            var path = new List<JsonSchema>();
            var onPath = new HashSet<JsonSchema>(ReferenceEqualityComparer.Instance);
            var frames = new Stack<(JsonSchema Schema, IEnumerator<JsonSchema> Next)>();
            frames.Push((start, MergeEdges(start).GetEnumerator()));
            path.Add(start);
            onPath.Add(start);
            while (frames.Count > 0)
            {
                var (schema, next) = frames.Peek();
                if (!next.MoveNext())
                {
                    frames.Pop();
                    path.RemoveAt(path.Count - 1);
                    onPath.Remove(schema);
                    done.Add(schema);
                    continue;
                }
                var target = next.Current;
                if (onPath.Contains(target))
                {
                    var members = path.Skip(path.FindIndex(s => ReferenceEquals(s, target))).Append(target).ToList();
                    // Name the schemas a reader can find; the anonymous $ref holders in between say nothing.
                    var named = members.Where(names.ContainsKey).ToList();
                    var cycle = (named.Count >= 2 ? named : members).Select(s => Name(s, names));
                    throw new ImportException($"{file}: the allOf/$ref cycle {string.Join(" -> ", cycle)} describes no type (each part is made of itself); break the cycle.");
                }
                if (done.Contains(target)) continue;
                frames.Push((target, MergeEdges(target).GetEnumerator()));
                path.Add(target);
                onPath.Add(target);
            }
        }
    }

    private static string Name(JsonSchema schema, Dictionary<JsonSchema, string> names)
        => names.TryGetValue(schema, out var name) ? name : schema.Title is { Length: > 0 } title ? "'" + title + "'" : "(an inline schema)";

    /// <summary>The schemas that a schema is merged from: its $ref target and its allOf parts.</summary>
    private static IEnumerable<JsonSchema> MergeEdges(JsonSchema schema)
    {
        if (schema.Reference is { } reference) yield return reference;
        foreach (var part in schema.AllOf) yield return part;
    }

    private static IEnumerable<JsonSchema> Children(JsonSchema schema)
    {
        if (schema.Reference is { } reference) yield return reference;
        foreach (var s in schema.AllOf) yield return s;
        foreach (var s in schema.OneOf) yield return s;
        foreach (var s in schema.AnyOf) yield return s;
        foreach (var s in schema.Properties.Values) yield return s;
        foreach (var s in schema.Definitions.Values) yield return s;
        if (schema.Item is { } item) yield return item;
        foreach (var s in schema.Items) yield return s;
        if (schema.AdditionalPropertiesSchema is { } values) yield return values;
        if (schema.Not is { } not) yield return not;
    }
}
