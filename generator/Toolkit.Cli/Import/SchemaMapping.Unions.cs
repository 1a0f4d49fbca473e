using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toolkit.Cli.Import;

/// <summary>The names a union's types are given from: the union's own, and the default name of where it is used.</summary>
internal readonly record struct UnionNames(string? Union, string? Default);

internal abstract partial class SchemaMapping<TSchema>
{
    /// <summary>The schema behind references and single-element allOf wrappers.</summary>
    protected abstract TSchema Resolved(TSchema schema);

    /// <summary>An alternative that only says "or null" (<c>{ "type": "null" }</c>, or 3.0's <c>{ "nullable": true }</c> as its reader marked it).</summary>
    protected abstract bool IsNullOnly(TSchema schema);

    /// <summary>The component a reference names (an OpenAPI discriminator's mapping refers to components); null for none.</summary>
    protected abstract string? ComponentOf(TSchema schema);

    /// <summary>The property a union declares tells its objects apart, and its mapping (component to values), if it declares one.</summary>
    protected abstract (string Property, IReadOnlyDictionary<string, List<string>> Mapping)? DiscriminatorOf(TSchema schema);

    /// <summary>A schema of a plain number: what integer and number alternatives merge into.</summary>
    protected abstract TSchema NumberSchema();

    /// <summary>The type of one alternative of a union (its index among the union's alternatives; how it is told apart, when it is an object told apart).</summary>
    protected virtual JsonObject Variant(TSchema alternative, UnionNames names, int index, (IReadOnlyList<string>? Tags, string? Marker)? told, string at, out bool nullable)
        => Child(alternative, null, at, out nullable);

    /// <summary>Names a variant told apart by a marker property (task schemas: from its title, without the union's words).</summary>
    protected virtual void NameMarkedVariant(JsonObject variant, TSchema alternative, UnionNames names)
    {
    }

    /// <summary>Names the one enum that a union's string alternatives become (its first at <paramref name="index"/>).</summary>
    protected virtual void NameStringsVariant(JsonObject variant, TSchema first, int index, UnionNames names)
    {
    }

    /// <summary>The <c>origin</c> of an enum merged from string alternatives (task schemas have always written <c>oneOf of const</c>).</summary>
    protected virtual string MergedStringsOrigin(string keyword) => keyword + " of enums";

    /// <summary>Where a union's alternatives are read: the keyword's place, then each alternative's.</summary>
    protected virtual string VariantsAt(string at, string keyword) => at + "/" + keyword;

    protected virtual string VariantAt(string at, int index) => at + "/" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether string enums and consts among other alternatives become one enum variant (task schemas: chat's
    /// tool_choice). Off for OpenAPI imports only to keep their output as it was: TGI's ToolChoice, the same schema,
    /// would become the same union instead of JSON there.
    /// </summary>
    protected virtual bool StringsAmongOthersAreOneEnum => false;

    /// <summary>Whether an object that declares no properties is a map (task schemas) rather than any JSON: then it is a variant of its own shape.</summary>
    protected virtual bool FreeFormObjectIsMap => false;

    private bool NoVariants(TSchema schema) => OneOfOf(schema).Count == 0 && AnyOfOf(schema).Count == 0;

    /// <summary>The JSON shape a schema's values have (as the generator tells union variants apart), or null for any.</summary>
    protected string? Shape(TSchema? schema, HashSet<TSchema> visiting)
    {
        if (schema is null) return null;
        if (ReferenceOf(schema, "") is { } reference)
        {
            if (!visiting.Add(reference.Target)) return null;
            return Shape(reference.Target, visiting);
        }
        var allOf = AllOfOf(schema);
        var properties = PropertiesOf(schema);
        if (allOf.Count == 1 && properties.Count == 0 && NoVariants(schema)) return Shape(allOf[0], visiting);
        var variants = OneOfOf(schema).Count > 0 ? OneOfOf(schema) : AnyOfOf(schema);
        if (variants.Count > 0 && properties.Count == 0 && allOf.Count == 0)
        {
            var alternatives = variants.Where(v => !IsNullOnly(v)).ToList();
            if (alternatives.Count > 1 && EnumAlternatives(alternatives) is not null) return "string";
            return alternatives.Count == 1 ? Shape(alternatives[0], visiting) : null; // a union inside a union: any shape
        }
        if (EnumOf(schema) is { Count: > 0 } values && values.All(v => v is null || v.GetValueKind() is JsonValueKind.String or JsonValueKind.Null)) return "string";
        if (Convention(schema, schema) is { } convention) return ShapeOfKind(convention["type"]?.GetValue<string>());
        if (DeclaresProperties(schema)) return "object";
        return (TypesOf(schema) & ~JsonTypes.Null) switch
        {
            JsonTypes.String => "string",
            JsonTypes.Integer or JsonTypes.Number => "number",
            JsonTypes.Boolean => "boolean",
            JsonTypes.Array => "array",
            JsonTypes.Object => ValuesOf(schema) is not null || FreeFormObjectIsMap ? "object" : null, // any object is JSON, not a variant
            JsonTypes.None when ItemsOf(schema) is not null => "array",
            _ => null,
        };
    }

    private static string? ShapeOfKind(string? kind) => kind switch
    {
        "string" or "enum" => "string",
        "number" or "integer" => "number",
        "object" or "map" => "object",
        "boolean" or "array" => kind,
        _ => null,
    };

    protected HashSet<TSchema> Visiting() => new(ReferenceEqualityComparer.Instance);

    /// <summary>The string values a schema allows (its enum when every value is a string, else its const); null when any.</summary>
    protected IReadOnlyList<string>? StringValues(TSchema schema)
    {
        var s = Resolved(schema);
        if (EnumOf(s) is { Count: > 0 } values)
        {
            return values.All(v => v is not null && v.GetValueKind() == JsonValueKind.String) ? values.Select(v => v!.GetValue<string>()).ToList() : null;
        }
        return ConstOf(s) is { } single ? new[] { single } : null;
    }

    /// <summary>The values of alternatives that are all string enums or consts (<see cref="StringChoices"/>); null when any is something else.</summary>
    protected List<string>? EnumAlternatives(IEnumerable<TSchema> alternatives) => StringChoices.Of(alternatives.Select(a => a is null ? null : StringValues(a)));

    /// <summary>
    /// The alternatives of a oneOf/anyOf as a union sees them: null alternatives make it nullable; an alternative that
    /// is itself a oneOf/anyOf (Qdrant's ShardKeySelector: a ShardKey, itself string or integer, or a list of them)
    /// gives its own alternatives; several numbers are one (integers: the widest; integers and numbers: a number).
    /// </summary>
    protected List<(TSchema Schema, string At)> Alternatives(IReadOnlyList<TSchema> variants, string at, ref bool nullable, bool note)
    {
        var result = new List<(TSchema, string)>();
        var isNullable = nullable;
        // A named union is spliced in once, never into itself: a union of references to itself, or nine levels of ten
        // alternatives each, would otherwise expand as k^depth (a 660-byte document ran for minutes).
        var spliced = Visiting();
        var added = Visiting(); // met again through a splice
        var capped = false;
        Add(variants, at, 0);
        nullable = isNullable;
        if (capped && note) Note(at, null, $"a union of more than {MaxAlternatives} alternatives: the first {MaxAlternatives} are kept.");
        var numbers = result.Where(a => Shape(a.Item1, Visiting()) == "number").ToList();
        if (numbers.Count < 2) return result;
        var integers = numbers.All(n => (TypesOf(Resolved(n.Item1)) & JsonTypes.Number) == 0);
        var kept = integers
            ? numbers.FirstOrDefault(n => FormatOf(Resolved(n.Item1)) is null or "int64" or "uint64" or "uint") is { Item1: not null } wide ? wide : numbers[0]
            : (NumberSchema(), numbers[0].Item2);
        if (note && !integers) Note(at, null, "integer and number alternatives read as one number (double): integers beyond 2^53 lose precision.");
        var first = result.IndexOf(numbers[0]);
        result.RemoveAll(a => numbers.Contains(a));
        result.Insert(Math.Min(first, result.Count), kept);
        return result;

        void Add(IReadOnlyList<TSchema> list, string where, int depth)
        {
            // "X or null" keeps X whole (a named union stays a reference); only a union's union is spliced into it.
            var several = list.Count(v => v is not null && !IsNullOnly(v)) > 1;
            for (var i = 0; i < list.Count; i++)
            {
                var alternative = list[i];
                if (alternative is null) continue;
                if (IsNullOnly(alternative)) { isNullable = true; continue; }
                var resolved = Resolved(alternative);
                var nested = OneOfOf(resolved).Count > 0 ? OneOfOf(resolved) : AnyOfOf(resolved);
                if (several && depth < 8 && nested.Count > 0 && PropertiesOf(resolved).Count == 0 && AllOfOf(resolved).Count == 0
                    && DiscriminatorOf(resolved) is null && EnumAlternatives(nested.Where(n => !IsNullOnly(n))) is null)
                {
                    var reference = ReferenceOf(alternative, VariantAt(where, i));
                    if (reference is { } r && !spliced.Add(r.Target)) continue; // already in, or what is being spliced
                    var inner = VariantsAt(reference?.At ?? VariantAt(where, i), OneOfOf(resolved).Count > 0 ? "oneOf" : "anyOf");
                    Add(nested, inner, depth + 1);
                    continue;
                }
                if (!added.Add(alternative)) continue;
                if (result.Count >= MaxAlternatives)
                {
                    capped = true;
                    return;
                }
                result.Add((alternative, VariantAt(where, i)));
            }
        }
    }

    /// <summary>The most alternatives a union keeps (OpenAI's largest has 60).</summary>
    private const int MaxAlternatives = 256;

    /// <summary>
    /// oneOf/anyOf of two or more schemas: a union when each has its own JSON shape; objects told apart
    /// (<see cref="ObjectUnions"/>); string enums and consts, one enum (<see cref="StringChoices"/>), or, among other
    /// alternatives, one enum variant; a string beside string enums, a string; lists of different items, one list of
    /// their items' union; otherwise (two objects, say) any JSON, with a note that says why.
    /// </summary>
    protected JsonObject Union(TSchema schema, TSchema s, List<(TSchema Schema, string At)> alternatives, UnionNames names, string at, string keyword)
    {
        var shapes = alternatives.Select(a => Shape(a.Schema, Visiting())).ToList();
        var distinct = shapes.All(x => x is not null) && shapes.Distinct().Count() == shapes.Count;
        var told = distinct ? null : TellObjectsApart(s, alternatives.Select(a => a.Schema).ToList(), shapes);
        if (told is not null)
        {
            // Objects told apart by a discriminator's value or by a property only one of them requires.
            var taggedVariants = new JsonArray();
            for (var i = 0; i < alternatives.Count; i++)
            {
                var how = told.Value.ByIndex.TryGetValue(i, out var h) ? h : ((IReadOnlyList<string>?, string?)?)null;
                var variant = ItemOf(Variant(alternatives[i].Schema, names, i, how, alternatives[i].At, out _));
                if (how is var (tags, marker))
                {
                    if (tags is { Count: 1 } one) variant["tag"] = one[0];
                    else if (tags is { Count: > 1 } several) variant["tag"] = new JsonArray(several.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
                    if (marker is not null) variant["marker"] = marker;
                    if (marker is not null) NameMarkedVariant(variant, alternatives[i].Schema, names);
                }
                taggedVariants.Add(variant);
            }
            var union = new JsonObject { ["type"] = "union", ["variants"] = taggedVariants, ["origin"] = keyword };
            if (told.Value.Discriminator is not null) union["discriminator"] = told.Value.Discriminator;
            return union;
        }
        if (!distinct && EnumAlternatives(alternatives.Select(a => a.Schema)) is { } merged)
        {
            // oneOf of string enums (or consts), each documenting its values: one enum of them all.
            return new JsonObject { ["type"] = "enum", ["values"] = Values(merged), ["origin"] = MergedStringsOrigin(keyword) };
        }
        if (!distinct && OpenString(alternatives.Select(a => a.Schema).ToList()) is { } known)
        {
            // OpenAI's model ids: any string, or one of the listed ones. The list is documentation; the type is text.
            Note(at, null, $"a {keyword} of a string and string enums: imported as a string (the {known.Count} listed are examples, not a limit).");
            return new JsonObject { ["type"] = "string", ["origin"] = keyword + " of string and enums" };
        }
        if (!distinct && StringsAmongOthers(alternatives.Select(a => a.Schema).ToList(), shapes) is { } strings)
        {
            return WithStringsVariant(alternatives, strings, names, keyword);
        }
        if (!distinct && MergedArrays(alternatives.Select(a => a.Schema).ToList(), shapes) is not null)
        {
            return MergeArrays(alternatives, shapes, names, at, keyword);
        }
        if (!distinct)
        {
            var why = DiscriminatorOf(s) is { Property: var tag }
                ? $"a {keyword} told apart by the discriminator '{tag}', whose object alternatives do not all carry it with a value of their own"
                : $"a {keyword} whose alternatives share a JSON shape ({string.Join(", ", shapes.Select(x => x ?? "any"))}) and no property tells them apart";
            Note(at, null, why + ": imported as any JSON (JsonElement).");
            return new JsonObject { ["type"] = "json", ["origin"] = keyword };
        }
        var variants = new JsonArray();
        for (var i = 0; i < alternatives.Count; i++)
        {
            var (alternative, where) = alternatives[i];
            var variant = ItemOf(Variant(alternative, names, i, null, where, out var variantNullable));
            if (variantNullable) Note(where, null, "a nullable alternative: the union as a whole is not nullable in the spec format.");
            variants.Add(variant);
        }
        return new JsonObject { ["type"] = "union", ["variants"] = variants, ["origin"] = keyword };
    }

    private static JsonArray Values(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());

    /// <summary>
    /// Strings of their own among other alternatives (chat's tool_choice: "auto", "none", "required", or an object): the
    /// indices of the string enums and consts, when there are several and the other alternatives each have a shape of
    /// their own besides a string; null otherwise.
    /// </summary>
    protected List<int>? StringsAmongOthers(List<TSchema> alternatives, List<string?> shapes)
    {
        if (!StringsAmongOthersAreOneEnum) return null;
        var strings = Enumerable.Range(0, alternatives.Count).Where(i => StringValues(alternatives[i]) is not null).ToList();
        if (strings.Count < 2 || strings.Count == alternatives.Count) return null;
        var others = Enumerable.Range(0, alternatives.Count).Where(i => !strings.Contains(i)).Select(i => shapes[i]).ToList();
        return others.All(o => o is not null && o != "string") && others.Distinct().Count() == others.Count ? strings : null;
    }

    /// <summary>The union of <see cref="StringsAmongOthers"/>: one enum of the strings, where the first was, and the other alternatives.</summary>
    private JsonObject WithStringsVariant(List<(TSchema Schema, string At)> alternatives, List<int> strings, UnionNames names, string keyword)
    {
        var variants = new JsonArray();
        for (var i = 0; i < alternatives.Count; i++)
        {
            if (i == strings[0])
            {
                var variant = new JsonObject { ["type"] = "enum" };
                NameStringsVariant(variant, alternatives[i].Schema, i, names);
                variant["values"] = Values(StringChoices.Of(strings.Select(k => StringValues(alternatives[k].Schema)))!);
                variant["origin"] = MergedStringsOrigin(keyword);
                variants.Add(variant);
            }
            else if (!strings.Contains(i))
            {
                variants.Add(ItemOf(Variant(alternatives[i].Schema, names, i, null, alternatives[i].At, out _)));
            }
        }
        return new JsonObject { ["type"] = "union", ["variants"] = variants, ["origin"] = keyword };
    }

    /// <summary>
    /// The enum values of alternatives that are a plain string (no format) beside string enums or consts: an open set
    /// of strings. Null when the alternatives are anything else.
    /// </summary>
    private List<string>? OpenString(List<TSchema> alternatives)
    {
        var plain = 0;
        var values = new List<string>();
        foreach (var alternative in alternatives)
        {
            var s = Resolved(alternative);
            if (EnumOf(s) is { Count: > 0 } || ConstOf(s) is not null)
            {
                if (EnumAlternatives(new[] { alternative }) is not { } one) return null;
                values.AddRange(one);
            }
            else if ((TypesOf(s) & ~JsonTypes.Null) == JsonTypes.String && FormatOf(s) is null && NoVariants(s) && Convention(s, s) is null)
            {
                plain++;
            }
            else return null;
        }
        return plain > 0 ? values : null;
    }

    /// <summary>
    /// Whether several object alternatives can be told apart (<see cref="ObjectUnions"/>), by alternative index; the
    /// other alternatives keep shapes of their own. Null when they cannot.
    /// </summary>
    protected (string? Discriminator, Dictionary<int, (IReadOnlyList<string>? Tags, string? Marker)> ByIndex)? TellObjectsApart(TSchema schema, List<TSchema> alternatives, List<string?> shapes)
    {
        var objects = new List<int>();
        for (var i = 0; i < alternatives.Count; i++)
        {
            if (shapes[i] != "object") continue;
            var resolved = Resolved(alternatives[i]);
            if (!DeclaresProperties(resolved) || Parts(resolved, "").Properties.Count == 0) return null; // a map: shape only
            objects.Add(i);
        }
        if (objects.Count < 2) return null;
        var others = Enumerable.Range(0, alternatives.Count).Where(i => !objects.Contains(i)).Select(i => shapes[i]).ToList();
        if (others.Any(x => x is null) || others.Distinct().Count() != others.Count) return null;
        var view = objects.Select(i =>
        {
            var parts = Parts(Resolved(alternatives[i]), "");
            return new ObjectAlternative(ComponentOf(alternatives[i]), parts.Properties.Select(p => (p.Name, StringValues(p.Schema))).ToList(), parts.Required);
        }).ToList();
        var discriminator = DiscriminatorOf(schema);
        if (ObjectUnions.TellApart(view, discriminator?.Property, discriminator?.Mapping, onlyObjects: others.Count == 0) is not { } plan) return null;
        var byIndex = new Dictionary<int, (IReadOnlyList<string>?, string?)>();
        for (var k = 0; k < objects.Count; k++) byIndex[objects[k]] = plan.ByIndex[k];
        return (plan.Discriminator, byIndex);
    }

    /// <summary>
    /// A scalar or a list of it, where the lists differ (TEI's Input: a text or token ids, <c>[int]</c>, or a batch of
    /// either, <c>[text | [int]]</c>): the alternatives that are arrays become one array whose items are any of their
    /// items, so that every variant is told apart by its JSON token (the array's items by theirs). The item
    /// alternatives (an item that is itself a oneOf/anyOf gives its own); null when the other alternatives share a
    /// shape, an array has no items, or the items do not each have a shape of their own (then the union stays JSON).
    /// </summary>
    protected List<(TSchema Schema, string At)>? MergedArrays(List<TSchema> alternatives, List<string?> shapes)
    {
        var arrays = Enumerable.Range(0, alternatives.Count).Where(i => shapes[i] == "array").ToList();
        if (arrays.Count < 2) return null;
        var others = Enumerable.Range(0, alternatives.Count).Where(i => shapes[i] != "array").Select(i => shapes[i]).ToList();
        if (others.Any(o => o is null) || others.Distinct().Count() != others.Count) return null;
        var items = new List<TSchema>();
        foreach (var i in arrays)
        {
            if (ItemsOf(Resolved(alternatives[i])) is not { } item) return null;
            items.Add(item);
        }
        var ignored = false;
        var merged = Alternatives(items, "", ref ignored, note: false);
        var itemShapes = merged.Select(m => Shape(m.Schema, Visiting())).ToList();
        return itemShapes.All(x => x is not null) && itemShapes.Distinct().Count() == itemShapes.Count ? merged : null;
    }

    /// <summary>
    /// The union of <see cref="MergedArrays"/>: the other alternatives, and one array (where the first was) of the items'
    /// union; the array alone when every alternative is one.
    /// </summary>
    private JsonObject MergeArrays(List<(TSchema Schema, string At)> alternatives, List<string?> shapes, UnionNames names, string at, string keyword)
    {
        // The items again, now with their places (the arrays' own), for the notes their mapping makes.
        var arrays = Enumerable.Range(0, alternatives.Count).Where(i => shapes[i] == "array").ToList();
        var ignored = false;
        var items = Alternatives(arrays.Select(i => ItemsOf(Resolved(alternatives[i].Schema))!).ToList(), ItemsAt(at), ref ignored, note: true);
        JsonObject item;
        if (items.Count == 1)
        {
            item = ItemOf(Child(items[0].Schema, null, items[0].At, out _));
        }
        else
        {
            var itemVariants = new JsonArray();
            foreach (var (schema, where) in items) itemVariants.Add(ItemOf(Child(schema, null, where, out _)));
            item = new JsonObject { ["type"] = "union", ["variants"] = itemVariants, ["origin"] = keyword + " of arrays" };
        }
        Note(at, null, $"a {keyword} of {arrays.Count} different arrays: read as one array whose items are any of theirs (a list mixing them is accepted too).");
        var array = new JsonObject { ["type"] = "array", ["items"] = item };
        if (arrays.Count == alternatives.Count) return array;
        var variants = new JsonArray();
        for (var i = 0; i < alternatives.Count; i++)
        {
            if (i == arrays[0]) variants.Add(array);
            else if (shapes[i] != "array") variants.Add(ItemOf(Variant(alternatives[i].Schema, names, i, null, alternatives[i].At, out _)));
        }
        return new JsonObject { ["type"] = "union", ["variants"] = variants, ["origin"] = keyword };
    }

    /// <summary>What a schema becomes, from its structure alone (before anything is mapped): a named type (an object, a string enum, a union) or not.</summary>
    protected SchemaClass Classify(TSchema schema)
    {
        if (ReferenceOf(schema, "") is not null) return SchemaClass.Other; // an alias of another schema
        var properties = PropertiesOf(schema);
        var allOf = AllOfOf(schema);
        if (allOf.Count == 1 && properties.Count == 0 && NoVariants(schema)) return SchemaClass.Other;
        var variants = OneOfOf(schema).Count > 0 ? OneOfOf(schema) : AnyOfOf(schema);
        if (variants.Count > 0 && properties.Count == 0 && allOf.Count == 0)
        {
            var ignored = false;
            var alternatives = Alternatives(variants, "", ref ignored, note: false).Select(a => a.Schema).ToList();
            if (alternatives.Count < 2) return SchemaClass.Other;
            var shapes = alternatives.Select(a => Shape(a, Visiting())).ToList();
            if (shapes.All(x => x is not null) && shapes.Distinct().Count() == shapes.Count) return SchemaClass.Union;
            if (EnumAlternatives(alternatives) is not null) return SchemaClass.Enum;
            if (TellObjectsApart(schema, alternatives, shapes) is not null || StringsAmongOthers(alternatives, shapes) is not null) return SchemaClass.Union;
            // Arrays merged beside a scalar are a union; arrays alone are one array (written where used).
            return shapes.Any(x => x != "array") && MergedArrays(alternatives, shapes) is not null ? SchemaClass.Union : SchemaClass.Other;
        }
        if (EnumOf(schema) is { Count: > 0 } values)
        {
            return values.All(v => v is null || v.GetValueKind() is JsonValueKind.String or JsonValueKind.Null) ? SchemaClass.Enum : SchemaClass.Other;
        }
        if (DeclaresProperties(schema) && Parts(schema, "").Properties.Count > 0) return SchemaClass.Object;
        return SchemaClass.Other;
    }
}

/// <summary>What a schema becomes, as far as naming it goes: a named type of one of three kinds, or not.</summary>
internal enum SchemaClass { Other, Object, Enum, Union }
