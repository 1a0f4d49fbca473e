using System;
using System.Collections.Generic;
using System.Linq;

namespace Toolkit.Cli.Import;

/// <summary>
/// One object alternative of a <c>oneOf</c>/<c>anyOf</c>, as telling objects apart needs it, whichever reader made it:
/// its component's name (if it is one), its properties in order with the string values each allows (its <c>enum</c>, or
/// its <c>const</c>; null when any string may be), and the properties it requires.
/// </summary>
internal sealed record ObjectAlternative(string? Component, IReadOnlyList<(string Name, IReadOnlyList<string>? Values)> Properties, ISet<string> Required);

/// <summary>How each object alternative is told apart, by index: its tags (the discriminator's values) or its marker property.</summary>
internal sealed record ObjectPlan(string? Discriminator, IReadOnlyList<(IReadOnlyList<string>? Tags, string? Marker)> ByIndex);

/// <summary>
/// The one rule, for JSON Schema and OpenAPI alike, by which several objects in a union are told apart as the spec format
/// can: by the union's declared discriminator, each object's value of it its tag (the mapping's values for its
/// component, else the property's own enum or const values, else the component's name); else by a property only that
/// object requires (a marker; one object at most goes without: what is left); else, when the union is objects only, by a
/// property every object requires with one string value of its own (Hugging Face's response formats: "type" is "text",
/// "json_schema" or "json_object", and no discriminator is written). Null when none of these works.
/// </summary>
internal static class ObjectUnions
{
    /// <param name="objects">The union's object alternatives, in order.</param>
    /// <param name="discriminator">The property the union declares tells them apart, if it declares one.</param>
    /// <param name="mapping">The discriminator's mapping: the values that mean each component.</param>
    /// <param name="onlyObjects">
    /// Whether the objects are the whole union. Only then is a property every object requires a tag: beside a string
    /// (OpenAI's response format "auto", Qdrant's index type names) an object tagged "text" would be a second Text.
    /// </param>
    public static ObjectPlan? TellApart(IReadOnlyList<ObjectAlternative> objects, string? discriminator, IReadOnlyDictionary<string, List<string>>? mapping, bool onlyObjects)
    {
        if (objects.Count < 2) return null;
        if (discriminator is not null) return Declared(objects, discriminator, mapping);
        return Marked(objects) ?? (onlyObjects ? Implicit(objects) : null);
    }

    private static ObjectPlan? Declared(IReadOnlyList<ObjectAlternative> objects, string property, IReadOnlyDictionary<string, List<string>>? mapping)
    {
        var tags = new HashSet<string>(StringComparer.Ordinal);
        var byIndex = new List<(IReadOnlyList<string>?, string?)>();
        foreach (var o in objects)
        {
            var own = o.Properties.FirstOrDefault(p => p.Name == property);
            if (own.Name is null) return null; // the object would be written without its tag
            var values = o.Component is { } key && mapping is not null && mapping.TryGetValue(key, out var mapped) && mapped.Count > 0 ? mapped
                : own.Values is { Count: > 0 } allowed ? allowed.ToList()
                : o.Component is { } name ? new List<string> { name } : new List<string>();
            if (values.Count == 0 || values.Any(v => !tags.Add(v))) return null;
            byIndex.Add((values, null));
        }
        return new ObjectPlan(property, byIndex);
    }

    private static ObjectPlan? Marked(IReadOnlyList<ObjectAlternative> objects)
    {
        var byIndex = new List<(IReadOnlyList<string>?, string?)>();
        var unmarked = 0;
        for (var i = 0; i < objects.Count; i++)
        {
            var o = objects[i];
            var marker = o.Properties.Select(p => p.Name)
                .FirstOrDefault(n => o.Required.Contains(n) && objects.Where((_, j) => j != i).All(other => other.Properties.All(p => p.Name != n)));
            if (marker is null && ++unmarked > 1) return null;
            byIndex.Add((null, marker));
        }
        return new ObjectPlan(null, byIndex);
    }

    private static ObjectPlan? Implicit(IReadOnlyList<ObjectAlternative> objects)
    {
        foreach (var (property, _) in objects[0].Properties.Where(p => objects.All(o => o.Required.Contains(p.Name))))
        {
            var tags = objects.Select(o => o.Properties.FirstOrDefault(p => p.Name == property).Values is { Count: 1 } one ? one[0] : null).ToList();
            if (tags.All(t => t is not null) && tags.Distinct(StringComparer.Ordinal).Count() == tags.Count)
            {
                return new ObjectPlan(property, tags.Select(t => ((IReadOnlyList<string>?)new[] { t! }, (string?)null)).ToList());
            }
        }
        return null;
    }
}
