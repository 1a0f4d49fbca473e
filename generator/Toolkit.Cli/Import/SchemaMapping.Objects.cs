using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Toolkit.Cli.Import;

/// <summary>One property of an object as its parts merged give it: its name, its schema, and where it was read.</summary>
internal readonly record struct ObjectProperty<TSchema>(string Name, TSchema Schema, string At);

/// <summary>
/// The alternatives of an allOf part that is a oneOf/anyOf of objects, merged as optional fields: where the part is,
/// its keyword, and the fields its alternatives bring.
/// </summary>
internal sealed record MergedAlternatives(string At, string Keyword, IReadOnlyList<string> Fields);

/// <summary>An object's properties, its parts merged in order, which are required, and the alternatives merged on the way.</summary>
internal sealed record ObjectParts<TSchema>(List<ObjectProperty<TSchema>> Properties, HashSet<string> Required, List<MergedAlternatives> Merged);

internal abstract partial class SchemaMapping<TSchema>
{
    /// <summary>The schema a reference points at, and where that is; null when the schema is no reference.</summary>
    protected abstract (TSchema Target, string At)? ReferenceOf(TSchema schema, string at);

    /// <summary>The schema's own properties, in order (not its allOf parts').</summary>
    protected abstract IReadOnlyList<(string Name, TSchema Schema)> PropertiesOf(TSchema schema);

    protected abstract IEnumerable<string> RequiredOf(TSchema schema);

    protected abstract IReadOnlyList<TSchema> AllOfOf(TSchema schema);

    protected abstract IReadOnlyList<TSchema> OneOfOf(TSchema schema);

    protected abstract IReadOnlyList<TSchema> AnyOfOf(TSchema schema);

    /// <summary>Whether an alternative of an allOf part may be merged as fields: an object (or only null).</summary>
    protected abstract bool IsMergeableAlternative(TSchema alternative);

    /// <summary>Where a part of a schema is read (a pointer step; task schemas report the field's path instead).</summary>
    protected virtual string PartAt(string at, string keyword, int index) => at + "/" + keyword + "/" + index.ToString(CultureInfo.InvariantCulture);

    protected virtual string PropertyAt(string at, string name) => at + "/properties/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>
    /// allOf merging, for both sources: an object's properties are its allOf parts' (in order, references followed) and
    /// then its own; a property repeated by a later part is refined by it (JSON Schema requires both), keeping its place;
    /// required is the union. An allOf part that is a oneOf/anyOf of objects (chat's and TGI's message body: content, or
    /// tool calls) adds every alternative's fields, none required: the caller sets those of one.
    /// </summary>
    protected ObjectParts<TSchema> Parts(TSchema schema, string at)
    {
        var properties = new List<ObjectProperty<TSchema>>();
        var required = new HashSet<string>(StringComparer.Ordinal);
        var merged = new List<MergedAlternatives>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Collect(schema, at, 0, optional: false);
        return new ObjectParts<TSchema>(properties, required, merged);

        void Collect(TSchema? s, string where, int depth, bool optional)
        {
            if (depth > 32 || s is null) return;
            if (ReferenceOf(s, where) is { } reference)
            {
                Collect(reference.Target, reference.At, depth + 1, optional);
                return;
            }
            var parts = AllOfOf(s);
            for (var i = 0; i < parts.Count; i++) Collect(parts[i], PartAt(where, "allOf", i), depth + 1, optional);
            var own = PropertiesOf(s);
            if (depth > 0 && own.Count == 0 && (OneOfOf(s) is { Count: > 0 } || AnyOfOf(s) is { Count: > 0 }))
            {
                var keyword = OneOfOf(s).Count > 0 ? "oneOf" : "anyOf";
                var alternatives = keyword == "oneOf" ? OneOfOf(s) : AnyOfOf(s);
                if (alternatives.All(IsMergeableAlternative))
                {
                    var before = properties.Count;
                    for (var i = 0; i < alternatives.Count; i++) Collect(alternatives[i], PartAt(where, keyword, i), depth + 1, optional: true);
                    merged.Add(new MergedAlternatives(where, keyword, properties.Skip(before).Select(p => p.Name).ToList()));
                }
            }
            foreach (var (name, property) in own)
            {
                var entry = new ObjectProperty<TSchema>(name, property, PropertyAt(where, name));
                if (seen.Add(name)) properties.Add(entry);
                else properties[properties.FindIndex(p => p.Name == name)] = entry;
            }
            if (!optional) required.UnionWith(RequiredOf(s));
        }
    }
}
