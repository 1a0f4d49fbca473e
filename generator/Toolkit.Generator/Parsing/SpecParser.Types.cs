using System.Collections.Generic;
using System.Linq;
using Toolkit.Generator.Diagnostics;
using Toolkit.Generator.Naming;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Parsing;

/// <summary>Fields and types: the payload table, nested objects, enums, arrays and their constraints.</summary>
internal sealed partial class SpecParser
{
    private static readonly string[] FieldKeys =
    {
        "type", "description", "required", "nullable", "format", "default", "minimum", "maximum",
        "values", "typeName", "properties", "items", "property", "variants", "origin", "closed", "ref", "discriminator", "deprecated",
    };

    private static readonly string[] ItemKeys = { "type", "description", "format", "values", "typeName", "properties", "items", "variants", "origin", "closed", "ref", "discriminator" };

    private static readonly string[] DefinitionKeys = { "type", "description", "values", "typeName", "properties", "variants", "origin", "closed", "discriminator" };

    /// <summary>The wire name of the field whose type is parsed next (see <see cref="ParseType"/>), for union variant names.</summary>
    private string? _fieldNoun;

    private static readonly string[] VariantKeys = { "type", "description", "format", "values", "typeName", "properties", "items", "variants", "origin", "closed", "name", "ref", "tag", "marker", "discriminator" };

    /// <summary>Parses an object of fields (the payload, or an object's "properties") into a generated type.</summary>
    private ObjectTypeSpec ParseFields(JsonObject node, string what, string typeName, string? description)
    {
        var section = new SpecSection(this, node, what, node.Properties.Select(p => p.Name).ToArray());
        var fields = new List<FieldSpec>();
        var memberNames = new Dictionary<string, string>(System.StringComparer.Ordinal);
        if (typeName == _prefix)
        {
            // The fields of a definition itself have the first claim to {Prefix}{Field}: a type nested deeper that
            // shares a field name (written earlier in the file or not) is named by where it sits instead.
            foreach (var property in node.Properties)
            {
                var name = Names.NestedTypeNames(_prefix, typeName, property.Name).Default;
                _rootFieldTypeNames.Add(name);
                _rootFieldTypeNames.Add(Names.ArrayItemTypeName(name, itemIsArray: false, _wholeApi));
                _rootFieldTypeNames.Add(name + "Value");
            }
        }
        foreach (var property in node.Properties)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (section.Get(property.Name) != property.Value) continue; // duplicate key, reported by the section
            var field = ParseField(property, what, typeName);
            if (field is null) continue;
            if (field.PropertyName == typeName)
            {
                Report(DiagnosticDescriptors.DuplicateName, property.NameSpan, $"field '{property.Name}'", field.PropertyName,
                    "its containing type", "property");
                continue;
            }
            if (memberNames.TryGetValue(field.PropertyName, out var other))
            {
                Report(DiagnosticDescriptors.DuplicateName, property.NameSpan, $"field '{property.Name}'", field.PropertyName,
                    $"field '{other}'", "property");
                continue;
            }
            memberNames.Add(field.PropertyName, property.Name);
            fields.Add(field);
        }
        return new ObjectTypeSpec(typeName, description, fields.ToEquatableArray());
    }

    private FieldSpec? ParseField(JsonProperty property, string parentWhat, string parentTypeName)
    {
        var what = $"field '{property.Name}' of {parentWhat}";
        if (property.Value is not JsonObject node)
        {
            ReportInvalid(property.Value, property.Name, parentWhat, "an object describing the field, e.g. { \"type\": \"string\" }");
            return null;
        }
        var field = new SpecSection(this, node, what, FieldKeys);
        var description = field.String("description");
        var origin = field.String("origin");
        var required = field.Bool("required") ?? false;
        var nullable = field.Bool("nullable") ?? false;
        var propertyName = MemberName(property.Name, field, what, property.NameSpan);
        var (typeName, qualified) = Names.NestedTypeNames(_prefix, parentTypeName, property.Name);
        _fieldNoun = property.Name;
        var type = ParseType(field, what, typeName, description, qualified);

        double? minimum = null, maximum = null;
        if (type is not null)
        {
            minimum = field.Number("minimum");
            maximum = field.Number("maximum");
            var numeric = type.Kind == ValueKind.Number || IntegerFormats.IsInteger(type.Kind);
            foreach (var key in new[] { "minimum", "maximum" })
            {
                if (field.Has(key) && !numeric)
                {
                    Report(DiagnosticDescriptors.UnknownKey, field.KeySpan(key), key, what, $"'{key}' applies only to number and integer fields.");
                }
            }
            if (!numeric)
            {
                minimum = maximum = null;
            }
            if (minimum is { } min && maximum is { } max && min > max)
            {
                Report(DiagnosticDescriptors.MinimumAboveMaximum, field.Get("minimum")!.Span, what, Invariant(min), Invariant(max));
            }
        }

        var defaultNode = field.Get("default");
        if (defaultNode is not null && type is not null)
        {
            var enumSpec = type.Kind == ValueKind.Enum && _enumsByName.TryGetValue(type.Name!, out var found) ? found : null;
            if (CheckDefault(defaultNode, type, enumSpec, what) && defaultNode is JsonNumber n
                && ((minimum is { } lo && n.Value < lo) || (maximum is { } hi && n.Value > hi)))
            {
                ReportInvalid(defaultNode, "default", what, $"a value within [{(minimum is { } a ? Invariant(a) : "-inf")}, {(maximum is { } b ? Invariant(b) : "inf")}]");
            }
        }

        var deprecated = Deprecated(field);
        if (propertyName is null || type is null) return null;
        return new FieldSpec(property.Name, propertyName, type, required, nullable, description, minimum, maximum,
            defaultNode is null ? null : _sources.TextOf(defaultNode.Span), origin, deprecated);
    }

    /// <summary>
    /// The type of a field, array item or response body. Objects and enums become named generated types:
    /// "typeName" when given, else <paramref name="defaultTypeName"/> (from the spec's own names, never a number).
    /// </summary>
    /// <summary>
    /// Named types of the spec ("definitions"): each is generated once under its own name and referenced from any
    /// field, item or variant with <c>{ "ref": "Name" }</c>, itself included (recursive types such as trees).
    /// Every definition's name is known before any is parsed, so references may point forwards and back.
    /// </summary>
    private void ParseDefinitions(JsonObject? node)
    {
        if (node is null) return;
        var section = new SpecSection(this, node, "'definitions'", node.Properties.Select(p => p.Name).ToArray());
        var declared = new List<(JsonProperty Property, SpecSection Section, string Name)>();
        foreach (var property in node.Properties)
        {
            if (section.Get(property.Name) != property.Value) continue;
            var what = $"definition '{property.Name}'";
            if (property.Value is not JsonObject body)
            {
                ReportInvalid(property.Value, property.Name, "'definitions'", "an object describing a named type");
                continue;
            }
            var definition = new SpecSection(this, body, what, DefinitionKeys);
            var kindText = definition.String("type", required: true, hint: "\"object\", \"enum\" or \"union\"");
            ValueKind? kind = kindText switch { "object" => ValueKind.Object, "enum" => ValueKind.Enum, "union" => ValueKind.Union, _ => null };
            if (kindText is not null && kind is null)
            {
                ReportInvalid(definition.Get("type")!, "type", what, "\"object\", \"enum\" or \"union\" (a definition is a named type)");
                continue;
            }
            if (kind is null) continue;
            var explicitName = definition.String("typeName");
            var name = explicitName ?? Names.MemberName(property.Name);
            if (!Names.IsValidIdentifier(name))
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, explicitName is null ? property.NameSpan : definition.Get("typeName")!.Span,
                    explicitName ?? property.Name, what, name, "Set \"typeName\" to a valid C# name.");
                continue;
            }
            _definitions[property.Name] = new TypeRef(kind.Value, name);
            declared.Add((property, definition, name));
        }
        var prefix = _prefix;
        foreach (var (property, definition, name) in declared)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            // Types nested in a definition are named after it (GenerationParametersEarlyStopping), not after the API.
            _prefix = name;
            ParseType(definition, $"definition '{property.Name}'", name, definition.String("description"));
        }
        _prefix = prefix;
    }

    /// <summary>
    /// <c>"deprecated": true</c> or <c>"deprecated": "the reason"</c>: the generated member is <c>[Obsolete]</c> with it.
    /// Null when not deprecated, empty when no reason is given.
    /// </summary>
    internal string? Deprecated(SpecSection section)
    {
        switch (section.Get("deprecated"))
        {
            case null:
            case { Kind: JsonKind.False }:
                return null;
            case { Kind: JsonKind.True }:
                return "";
            case JsonString reason:
                return reason.Value;
            case var other:
                ReportInvalid(other, "deprecated", section.What, "true, false or the reason as a string");
                return null;
        }
    }

    /// <summary>A <c>{ "ref": "Name" }</c>: the named type of that definition.</summary>
    private TypeRef? ParseRef(SpecSection section, string what)
    {
        var name = section.String("ref");
        if (name is null) return null;
        foreach (var key in new[] { "type", "format", "values", "typeName", "properties", "items", "variants", "closed" })
        {
            if (section.Has(key)) Report(DiagnosticDescriptors.UnknownKey, section.KeySpan(key), key, what, "A reference takes its type from the definition; only description, required, nullable, default, minimum, maximum and property apply.");
        }
        if (_definitions.TryGetValue(name, out var type)) return type;
        var known = string.Join(", ", _definitions.Keys);
        Report(DiagnosticDescriptors.InvalidReference, section.Get("ref")!.Span,
            $"'ref' names '{name}', which 'definitions' does not define",
            _definitions.Count == 0 ? "Add it to 'definitions'." : "Defined: " + known + ".");
        return null;
    }

    /// <param name="qualifiedTypeName">
    /// The name used instead of <paramref name="defaultTypeName"/> when another type already has that one: nested
    /// types that share a field name (many <c>data</c> objects in one definition) are told apart by where they sit.
    /// </param>
    private TypeRef? ParseType(SpecSection section, string what, string defaultTypeName, string? description, string? qualifiedTypeName = null)
    {
        // The field whose type this is (for a union's variant names), only for the field's own type, not types inside it.
        var fieldNoun = _fieldNoun;
        _fieldNoun = null;
        if (section.Has("ref")) return ParseRef(section, what);
        var typeText = section.String("type", required: true, hint: "one of string, number, integer, boolean, object, array, enum, map, union, json, or a \"ref\" to a definition");
        if (typeText is null) return null;
        var format = section.String("format");
        var typeName = section.String("typeName");
        if (typeName is not null && !Names.IsValidIdentifier(typeName))
        {
            Report(DiagnosticDescriptors.InvalidIdentifier, section.Get("typeName")!.Span, typeName, what, typeName,
                "Use letters and digits, starting with a letter.");
            typeName = null;
        }
        if (typeName is null && qualifiedTypeName is not null && (_typeNames.ContainsKey(defaultTypeName) || _rootFieldTypeNames.Contains(defaultTypeName)))
        {
            defaultTypeName = qualifiedTypeName;
            qualifiedTypeName = null;
        }
        var name = typeName ?? defaultTypeName;

        ReportInapplicable(section, what, typeText);
        switch (typeText)
        {
            case "string":
                switch (format)
                {
                    case null: return TypeRef.String;
                    case "binary": return new TypeRef(ValueKind.Binary);
                    case "mask": return new TypeRef(ValueKind.Mask);
                    case "date-time": return new TypeRef(ValueKind.DateTime);
                    case "uuid": return new TypeRef(ValueKind.Uuid);
                    default:
                        Report(DiagnosticDescriptors.UnknownFormat, section.Get("format")!.Span, format, what, typeText,
                            "Strings take \"binary\" (bytes: base64 in JSON, raw as a body), \"mask\" (a base64 PNG mask), \"date-time\" (DateTimeOffset) or \"uuid\" (Guid).");
                        return null;
                }
            case "integer":
                if (!IntegerFormats.IsKnown(format))
                {
                    Report(DiagnosticDescriptors.UnknownFormat, section.Get("format")!.Span, format!, what, typeText, "Integers take " + IntegerFormats.Known + ".");
                    return null;
                }
                return IntegerFormats.Type(format);
            case "number":
            case "boolean":
                if (format is not null)
                {
                    Report(DiagnosticDescriptors.UnknownFormat, section.Get("format")!.Span, format, what, typeText, "Only strings and integers take a format.");
                    return null;
                }
                return new TypeRef(typeText == "number" ? ValueKind.Number : ValueKind.Boolean);
            case "enum":
                return ParseEnum(section, what, name, description);
            case "object":
            {
                var properties = section.Object("properties", required: true, hint: "the object's fields, e.g. { \"label\": { \"type\": \"string\" } }");
                if (properties is null) return null;
                if (!Claim(name, what, section.Get("typeName")?.Span ?? section.Node.Span, "typeName")) return null;
                _objects.Add(ParseFields(properties, what, name, description));
                return new TypeRef(ValueKind.Object, name);
            }
            case "array":
            {
                var items = section.Object("items", required: true, hint: "the item type, e.g. { \"type\": \"string\" }");
                if (items is null) return null;
                var itemSection = new SpecSection(this, items, "the items of " + what, ItemKeys);
                var itemName = typeName ?? Names.ArrayItemTypeName(defaultTypeName, itemSection.Get("type") is JsonString { Value: "array" }, _wholeApi);
                var itemQualified = typeName is null && qualifiedTypeName is not null
                    ? Names.ArrayItemTypeName(qualifiedTypeName, itemSection.Get("type") is JsonString { Value: "array" }, _wholeApi) : null;
                var itemType = ParseType(itemSection, "the items of " + what, itemName, itemSection.String("description") ?? description, itemQualified);
                return itemType is null ? null : new TypeRef(ValueKind.Array, null, itemType);
            }
            case "map":
            {
                var items = section.Object("items", required: true, hint: "the value type, e.g. { \"type\": \"number\" }");
                if (items is null) return null;
                var itemSection = new SpecSection(this, items, "the values of " + what, ItemKeys);
                var valueType = ParseType(itemSection, "the values of " + what, typeName ?? defaultTypeName + "Value", itemSection.String("description") ?? description,
                    typeName is null && qualifiedTypeName is not null ? qualifiedTypeName + "Value" : null);
                return valueType is null ? null : new TypeRef(ValueKind.Map, null, valueType);
            }
            case "json":
                if (format is not null)
                {
                    Report(DiagnosticDescriptors.UnknownFormat, section.Get("format")!.Span, format, what, typeText, "Only strings take a format.");
                    return null;
                }
                return new TypeRef(ValueKind.Json);
            case "union":
                return ParseUnion(section, what, name, description, fieldNoun);
            default:
                Report(DiagnosticDescriptors.UnknownType, section.Get("type")!.Span, typeText, what);
                return null;
        }
    }

    /// <summary>
    /// A union (oneOf/anyOf): each variant must have its own JSON shape (string, number, boolean, array or object)
    /// so that reading picks the variant from the token alone, without trial parsing.
    /// </summary>
    /// <param name="fieldNoun">The wire name of the field whose type the union is, if it is one: its variants may be named after it.</param>
    private TypeRef? ParseUnion(SpecSection section, string what, string name, string? description, string? fieldNoun)
    {
        var variantsNode = section.Get("variants");
        if (variantsNode is null)
        {
            section.ReportMissing("variants", "the alternatives, e.g. [{ \"type\": \"string\" }, { \"type\": \"array\", \"items\": { \"type\": \"string\" } }]");
            return null;
        }
        if (variantsNode is not JsonArray array || array.Items.Count < 2)
        {
            ReportInvalid(variantsNode, "variants", what, "an array of at least two types");
            return null;
        }
        var variants = new List<UnionVariantSpec>();
        var shapes = new Dictionary<string, string>(System.StringComparer.Ordinal);
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        // Several object variants are told apart by a tag property (discriminator) or by a property only one has (marker).
        var discriminator = section.String("discriminator");
        var objects = new List<(SpecSection Section, JsonObject Node, string What, string? Tag, string? Marker, HashSet<string> Tags)>();
        var objectCount = array.Items.Count(i => i is JsonObject o && ObjectVariant(o));
        // Whole-API variants the spec neither names nor tells apart are named by meaning once all are known (VariantNames).
        var byMeaning = new List<(int Index, VariantFacts Facts)>();
        for (var i = 0; i < array.Items.Count; i++)
        {
            if (array.Items[i] is not JsonObject item)
            {
                ReportInvalid(array.Items[i], "variants", what, "an object describing a type");
                continue;
            }
            var variantWhat = $"variant {i + 1} of {what}";
            var v = new SpecSection(this, item, variantWhat, VariantKeys);
            var explicitName = v.String("name");
            var (tag, moreTags) = Tags(v, variantWhat);
            var marker = v.String("marker");
            var word = tag ?? marker;
            var prefix = _prefix;
            // Inside an object told apart by its tag or marker, types are named after it (GrammarTypeJsonType): each
            // variant has a 'type' field of its own.
            if (word is not null) _prefix = name + Names.ToldVariantWord(word);
            var type = ParseType(v, variantWhat, word is not null ? name + Names.ToldVariantWord(word) : Names.VariantTypeName(name, i, (v.Get("type") as JsonString)?.Value, _wholeApi), v.String("description"));
            _prefix = prefix;
            if (type is null) continue;
            var shape = Shape(type);
            if (shape is null)
            {
                ReportInvalid(item, "type", variantWhat, "a type with a definite JSON shape (not json or union)");
                continue;
            }
            var told = type.Kind == ValueKind.Object && (objectCount > 1 || discriminator is not null);
            if (type.Kind != ValueKind.Object && (tag is not null || marker is not null))
            {
                ReportInvalid(v.Get(tag is not null ? "tag" : "marker")!, tag is not null ? "tag" : "marker", variantWhat, "nothing: only object variants are told apart by a tag or a marker");
                continue;
            }
            if (told)
            {
                if (discriminator is not null && tag is null)
                {
                    v.ReportMissing("tag", $"the value of '{discriminator}' that says an object is this variant");
                    continue;
                }
                if (discriminator is null && tag is not null)
                {
                    ReportInvalid(v.Get("tag")!, "tag", variantWhat, "a union with \"discriminator\" (the property whose value the tag is)");
                    continue;
                }
                if (tag is not null && objects.Any(o => o.Tags.Overlaps(moreTags.Prepend(tag))) || marker is not null && objects.Any(o => o.Marker == marker))
                {
                    ReportInvalid(v.Get(tag is not null ? "tag" : "marker")!, tag is not null ? "tag" : "marker", variantWhat, "a value no other variant has");
                    continue;
                }
                if (discriminator is null && marker is null && objects.Any(o => o.Marker is null))
                {
                    ReportInvalid(item, "type", variantWhat, "a \"marker\" (a property only this variant has) or a \"discriminator\" on the union: one object variant at most goes without");
                    continue;
                }
                objects.Add((v, item, variantWhat, tag, marker, new HashSet<string>(moreTags.Prepend(tag ?? ""), System.StringComparer.Ordinal)));
            }
            // Objects told apart share their shape; anything else (a map, say) must have a shape of its own.
            var shapeKey = told ? "objects told apart" : shape;
            var clash = told ? (shapes.TryGetValue("an object", out var other) ? other : null)
                : shapes.TryGetValue(shape, out other) ? other
                : shape == "an object" && shapes.TryGetValue("objects told apart", out other) ? other : null;
            if (clash is not null)
            {
                ReportInvalid(item, "type", variantWhat, $"a JSON shape other than {shape} ({clash} has it): variants are told apart by shape");
                continue;
            }
            // Objects told apart by their properties are named after their type (Pet, Dog), not their shape.
            var variantName = explicitName ?? (told ? (word is not null ? Names.ToldVariantWord(word) : type.Name!) : Names.VariantName(type, _wholeApi));
            if (!Names.IsValidIdentifier(variantName) || !names.Add(variantName))
            {
                ReportInvalid(item, "name", variantWhat, "a unique C# identifier for the variant");
                continue;
            }
            shapes[shapeKey] = variantWhat;
            if (_wholeApi && explicitName is null && !told) byMeaning.Add((variants.Count, Facts(v, type)));
            variants.Add(new UnionVariantSpec(variantName, type, tag, told ? marker : null, moreTags.ToEquatableArray()));
        }
        if (variants.Count < 2) return null;
        if (byMeaning.Count > 0)
        {
            var meant = VariantNames.ByMeaning(name, byMeaning.Count == variants.Count ? fieldNoun : null, byMeaning.Select(b => b.Facts).ToList());
            var others = new HashSet<string>(variants.Where((_, i) => !byMeaning.Any(b => b.Index == i)).Select(v => v.Name), System.StringComparer.Ordinal);
            for (var k = 0; k < byMeaning.Count; k++)
            {
                // A name a told or named variant has keeps the shape name this variant was checked with.
                if (!others.Contains(meant[k])) variants[byMeaning[k].Index] = variants[byMeaning[k].Index] with { Name = meant[k] };
            }
        }
        if (!Claim(name, what, section.Get("typeName")?.Span ?? section.Node.Span, "typeName")) return null;
        _unions.Add(new UnionTypeSpec(name, description, variants.ToEquatableArray(), discriminator));
        return new TypeRef(ValueKind.Union, name);
    }

    /// <summary>What the spec says about a variant that its name may come from (<see cref="VariantNames"/>).</summary>
    private VariantFacts Facts(SpecSection v, TypeRef type)
    {
        var items = v.Get("items") as JsonObject;
        var named = type.Kind is ValueKind.Object or ValueKind.Enum or ValueKind.Union && (v.Has("ref") || v.Has("typeName")) ? type.Name
            : type.Kind == ValueKind.Array && type.Item!.Kind is ValueKind.Object or ValueKind.Enum or ValueKind.Union
              && items is not null && (items.Properties.Any(p => p.Name is "ref" or "typeName")) ? type.Item.Name
            : null;
        var values = type.Kind == ValueKind.Enum && _enumsByName.TryGetValue(type.Name!, out var e) ? e.Values.Select(x => x.WireName).ToList() : null;
        var fields = type.Kind == ValueKind.Object ? _objects.FirstOrDefault(o => o.Name == type.Name)?.Fields.Select(f => f.WireName).ToList() : null;
        return new VariantFacts(type, named, v.String("description"), values, fields);
    }

    /// <summary>
    /// A variant's <c>tag</c>: one value, or a list of values that all say an object is this variant (the first names
    /// it): <c>"tag": ["web_search", "web_search_2025_08_26"]</c>.
    /// </summary>
    private (string? Tag, List<string> More) Tags(SpecSection v, string what)
    {
        var node = v.Get("tag");
        if (node is not JsonArray array) return (v.String("tag"), new List<string>());
        var values = new List<string>();
        foreach (var item in array.Items)
        {
            if (item is JsonString s && s.Value.Length > 0 && !values.Contains(s.Value)) values.Add(s.Value);
            else ReportInvalid(item, "tag", what, "a distinct, non-empty string");
        }
        if (values.Count == 0)
        {
            ReportInvalid(node, "tag", what, "a string, or a non-empty list of strings");
            return (null, values);
        }
        return (values[0], values.Skip(1).ToList());
    }

    /// <summary>Whether a variant's node describes an object (inline, or a reference to an object definition).</summary>
    private bool ObjectVariant(JsonObject node)
    {
        foreach (var p in node.Properties)
        {
            if (p.Name == "type" && p.Value is JsonString { Value: "object" }) return true;
            if (p.Name == "ref" && p.Value is JsonString r && _definitions.TryGetValue(r.Value, out var d) && d.Kind == ValueKind.Object) return true;
        }
        return false;
    }

    /// <summary>The JSON token shape a type reads from; null for types that accept any shape.</summary>
    internal static string? Shape(TypeRef type) => type.Kind switch
    {
        ValueKind.String or ValueKind.Binary or ValueKind.Mask or ValueKind.Enum or ValueKind.DateTime or ValueKind.Uuid => "a string",
        ValueKind.Number or ValueKind.Integer or ValueKind.Long or ValueKind.ULong => "a number",
        ValueKind.Boolean => "true or false",
        ValueKind.Array => "an array",
        ValueKind.Object or ValueKind.Map => "an object",
        _ => null,
    };

    /// <summary>Keys that are allowed on fields in general but mean nothing for this type are reported, not ignored.</summary>
    private void ReportInapplicable(SpecSection section, string what, string type)
    {
        void Check(string key, bool applies, string hint)
        {
            if (section.Has(key) && !applies) Report(DiagnosticDescriptors.UnknownKey, section.KeySpan(key), key, what, hint);
        }

        Check("values", type == "enum", "'values' applies only to \"type\": \"enum\".");
        Check("closed", type == "enum", "'closed' applies only to \"type\": \"enum\".");
        Check("properties", type == "object", "'properties' applies only to \"type\": \"object\".");
        Check("items", type is "array" or "map", "'items' applies only to \"type\": \"array\" and \"map\".");
        Check("variants", type == "union", "'variants' applies only to \"type\": \"union\".");
        Check("discriminator", type == "union", "'discriminator' applies only to \"type\": \"union\".");
        Check("typeName", type is "object" or "enum" or "array" or "map" or "union", "'typeName' applies only to object, enum, union, array and map types.");
    }

    private TypeRef? ParseEnum(SpecSection section, string what, string name, string? description)
    {
        var valuesNode = section.Get("values");
        if (valuesNode is null)
        {
            section.ReportMissing("values", "the allowed values, e.g. [\"instance\", \"panoptic\"]");
            return null;
        }
        if (valuesNode is not JsonArray array)
        {
            ReportInvalid(valuesNode, "values", what, "an array of strings");
            return null;
        }
        if (array.Items.Count == 0)
        {
            Report(DiagnosticDescriptors.EmptyEnum, array.Span, what);
            return null;
        }
        var values = new List<EnumValueSpec>();
        var wireNames = new HashSet<string>(System.StringComparer.Ordinal);
        var members = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var item in array.Items)
        {
            string? wire = null, member = null, valueDescription = null;
            var nameSpan = item.Span;
            if (item is JsonString s)
            {
                wire = s.Value;
            }
            else if (item is JsonObject o)
            {
                var v = new SpecSection(this, o, "a value of " + what, "value", "name", "description");
                wire = v.String("value", required: true, hint: "the value as sent on the wire");
                member = v.String("name");
                valueDescription = v.String("description");
                if (member is not null) nameSpan = v.Get("name")!.Span;
            }
            else
            {
                ReportInvalid(item, "values", what, "a string or { \"value\": ..., \"name\": ..., \"description\": ... }");
            }
            if (wire is null) continue;
            if (wire.Length == 0)
            {
                ReportInvalid(item, "values", what, "a non-empty string");
                continue;
            }
            if (!wireNames.Add(wire))
            {
                Report(DiagnosticDescriptors.DuplicateKey, item.Span, wire, "the values of " + what);
                continue;
            }
            var candidate = member ?? Names.MemberName(wire);
            // Two values one name ("-1" and "+1", "a.b" and "a_b"): the later one spells its symbols out.
            if (member is null && members.ContainsKey(candidate)) candidate = Names.SpelledName(wire);
            if (!Names.IsValidIdentifier(candidate))
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, nameSpan, member ?? wire, "the values of " + what, candidate,
                    "Use the form { \"value\": \"" + wire + "\", \"name\": \"ValidName\" }.");
                continue;
            }
            if (members.TryGetValue(candidate, out var other))
            {
                Report(DiagnosticDescriptors.DuplicateName, item.Span, $"value '{wire}' of {what}", candidate, $"value '{other}'", "name");
                continue;
            }
            members.Add(candidate, wire);
            values.Add(new EnumValueSpec(wire, candidate, valueDescription));
        }
        if (values.Count == 0) return null;
        if (!Claim(name, what, section.Get("typeName")?.Span ?? section.Node.Span, "typeName")) return null;
        var unknown = "Unknown";
        while (members.ContainsKey(unknown)) unknown += "Value"; // a stable name, never a number
        var enumSpec = new EnumTypeSpec(name, description, values.ToEquatableArray(), unknown, section.Bool("closed") ?? false);
        _enums.Add(enumSpec);
        _enumsByName[name] = enumSpec;
        return new TypeRef(ValueKind.Enum, name);
    }

    /// <summary>Checks that a documented default fits the field's type; true when it does.</summary>
    private bool CheckDefault(JsonNode node, TypeRef type, EnumTypeSpec? enumSpec, string what)
    {
        var ok = type.Kind switch
        {
            ValueKind.String => node is JsonString,
            ValueKind.Number => node is JsonNumber,
            ValueKind.Integer or ValueKind.Long or ValueKind.ULong => node is JsonNumber { IsInteger: true } whole && IntegerFormats.Fits(whole.Text, type),
            ValueKind.DateTime => node is JsonString d && System.DateTimeOffset.TryParse(d.Value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out _),
            ValueKind.Uuid => node is JsonString g && System.Guid.TryParse(g.Value, out _),
            ValueKind.Boolean => node.Kind is JsonKind.True or JsonKind.False,
            ValueKind.Enum => node is JsonString s && (enumSpec is null || enumSpec.Values.Any(v => v.WireName == s.Value)),
            _ => false,
        };
        if (ok) return true;
        var expected = type.Kind switch
        {
            ValueKind.String => "a string",
            ValueKind.Number => "a number",
            ValueKind.Integer or ValueKind.Long or ValueKind.ULong => IntegerFormats.Expected(type),
            ValueKind.DateTime => "an RFC 3339 date-time string",
            ValueKind.Uuid => "a UUID string",
            ValueKind.Boolean => "true or false",
            ValueKind.Enum => "one of the enum's values" + (enumSpec is null ? "" : " (" + string.Join(", ", enumSpec.Values.Select(v => v.WireName)) + ")"),
            _ => "nothing: defaults apply only to string, number, integer, boolean and enum fields",
        };
        ReportInvalid(node, "default", what, expected);
        return false;
    }
}
