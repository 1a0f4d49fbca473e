using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toolkit.Cli.Import;

/// <summary>The JSON types a schema's <c>type</c> names (a list is several flags), whichever reader read it.</summary>
[Flags]
internal enum JsonTypes
{
    None = 0,
    String = 1,
    Number = 2,
    Integer = 4,
    Boolean = 8,
    Array = 16,
    Object = 32,
    Null = 64,
}

/// <summary>
/// The mapping of JSON Schema constructs to the spec format's types, written once for both readers: Hugging Face task
/// schemas (<see cref="TaskSchemaImporter"/>, read with NJsonSchema) and OpenAPI documents
/// (<see cref="OpenApi.OpenApiSchemaMapper"/>, read with Microsoft.OpenApi). A reader says what a schema holds (its
/// types, enum, const, format, items, additionalProperties) and walks into the schemas it refers to; the mapping of
/// enum/const, type lists, scalars, arrays, maps and untyped schemas is here. What differs between the sources is a
/// reader's policy, named as such: how generated types are named (task schemas name them from titles; OpenAPI leaves
/// it to the generator), an object with no properties (a map of any JSON in task schemas, any JSON in OpenAPI), and
/// the Hugging Face conventions (<see cref="Convention"/>).
/// </summary>
internal abstract partial class SchemaMapping<TSchema> where TSchema : class
{
    // What a schema says, as the reader reads it.
    protected abstract JsonTypes TypesOf(TSchema schema);

    /// <summary>The schema's enum values (a null value is JSON null), or null when it has none.</summary>
    protected abstract IReadOnlyList<JsonNode?>? EnumOf(TSchema schema);

    protected abstract string? ConstOf(TSchema schema);

    protected abstract string? FormatOf(TSchema schema);

    protected abstract TSchema? ItemsOf(TSchema schema);

    /// <summary>The schema of an object's additional properties (the values of a map), when it gives one.</summary>
    protected abstract TSchema? ValuesOf(TSchema schema);

    /// <summary>
    /// The reader's mark that a schema admits null beside its type: the <c>nullable</c> keyword (NJsonSchema reads it;
    /// Microsoft.OpenApi drops 3.0's when no type is beside it, so the OpenAPI reader marks it first).
    /// </summary>
    protected abstract bool MarkedNullable(TSchema schema);

    /// <summary>Nullability, for both sources: the schema itself says null (null among its types, or the nullable keyword).</summary>
    protected bool SaysNull(TSchema schema) => (TypesOf(schema) & JsonTypes.Null) != 0 || MarkedNullable(schema);

    /// <summary>Whether a schema referred to (a component, say) admits null beside a type of its own.</summary>
    protected bool AdmitsNull(TSchema schema) => ((TypesOf(schema) & JsonTypes.Null) != 0 && (TypesOf(schema) & ~JsonTypes.Null) != 0) || MarkedNullable(schema);

    /// <summary>Whether the schema declares properties (its own or its allOf parts'): an object type.</summary>
    protected abstract bool DeclaresProperties(TSchema schema);

    // How the reader walks on.

    /// <summary>The type of a schema met inside this one (items, map values), and whether it admits null.</summary>
    protected abstract JsonObject Child(TSchema child, string? name, string at, out bool nullable);

    /// <summary>An object with properties.</summary>
    protected abstract JsonObject Object(TSchema schema, TSchema resolved, string? name, string at);

    /// <summary>Reports what the format cannot say exactly; <paramref name="keyword"/> is the schema keyword concerned, if one.</summary>
    protected abstract void Note(string at, string? keyword, string message);

    // The reader's policies.

    /// <summary>Names a generated type (an object, enum or union); task schemas name it from its title, OpenAPI leaves it to the generator.</summary>
    protected virtual void NameType(JsonObject type, TSchema schema, TSchema resolved, string? name)
    {
    }

    /// <summary>Names the enum variant of a type list (<c>["boolean", "string"]</c> with string values).</summary>
    protected virtual void NameEnumVariant(JsonObject variant, string? name)
    {
    }

    /// <summary>A source's own convention for a schema, ahead of its JSON type (Hugging Face's binary comment); null for none.</summary>
    protected virtual JsonObject? Convention(TSchema schema, TSchema resolved) => null;

    /// <summary>An object with neither properties nor a schema for its values: any JSON (OpenAPI), or a map of any JSON (task schemas).</summary>
    protected virtual JsonObject FreeFormObject() => new() { ["type"] = "json", ["origin"] = "free-form object" };

    /// <summary>
    /// The <c>origin</c> of a plain form (<c>enum</c>, <c>untyped</c>) when the reader records it: task schemas do, so that
    /// <c>toolkit diff</c> over a task's history reports a change of form (oneOf of const to enum, untyped to a type);
    /// OpenAPI imports write origins only where the form was converted.
    /// </summary>
    protected virtual string? FormLabel(string form) => null;

    protected virtual string ItemsAt(string at) => at + "/items";

    protected virtual string ValuesAt(string at) => at + "/additionalProperties";

    protected virtual string? ItemName(string? name, TSchema array, TSchema items) => null;

    protected virtual string? ValueName(string? name) => null;

    /// <summary>
    /// A schema that is neither a reference nor a composition (allOf, oneOf, anyOf): its enum or const, a source's
    /// convention, an object, a scalar, an array, a map, a list of types, or (saying nothing) any JSON.
    /// </summary>
    protected JsonObject Leaf(TSchema schema, TSchema s, string? name, string at, ref bool nullable)
    {
        var types = TypesOf(s) & ~JsonTypes.Null;
        if (EnumOf(s) is { Count: > 0 } values) return Enum(schema, s, values, types, name, at, ref nullable);
        if (ConstOf(s) is { } constant && types is JsonTypes.None or JsonTypes.String)
        {
            return new JsonObject { ["type"] = "enum", ["values"] = new JsonArray(JsonValue.Create(constant)), ["origin"] = "const" };
        }
        if (Convention(schema, s) is { } convention) return convention;
        if (DeclaresProperties(s)) return Object(schema, s, name, at);
        switch (types)
        {
            case JsonTypes.String: return StringType(s);
            case JsonTypes.Integer: return IntegerType(s, at);
            case JsonTypes.Number: return new JsonObject { ["type"] = "number" };
            case JsonTypes.Boolean: return new JsonObject { ["type"] = "boolean" };
            case JsonTypes.Array: return Array(s, name, at);
            case JsonTypes.Object: return FreeObject(s, name, at);
            case JsonTypes.None:
                if (ItemsOf(s) is not null) return Array(s, name, at);
                if (ValuesOf(s) is not null) return FreeObject(s, name, at);
                var untyped = new JsonObject { ["type"] = "json" };
                if (FormLabel("untyped") is { } label) untyped["origin"] = label;
                return untyped;
            default:
                return TypeList(schema, s, types, null, name, at);
        }
    }

    private JsonObject StringType(TSchema schema) => FormatOf(schema) switch
    {
        "binary" or "byte" => new JsonObject { ["type"] = "string", ["format"] = "binary" },
        "date-time" => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
        "uuid" => new JsonObject { ["type"] = "string", ["format"] = "uuid" },
        _ => new JsonObject { ["type"] = "string" },
    };

    /// <summary>The integer policy (the generator's IntegerFormats): the width comes from the format; none is a long.</summary>
    protected JsonObject IntegerType(TSchema schema, string at)
    {
        var format = FormatOf(schema);
        switch (format)
        {
            case null:
                return new JsonObject { ["type"] = "integer" };
            case "int32" or "int8" or "int16" or "uint8" or "uint16":
                return new JsonObject { ["type"] = "integer", ["format"] = "int32" };
            case "int64" or "uint32" or "uint64":
                return new JsonObject { ["type"] = "integer", ["format"] = format };
            case "uint":
                return new JsonObject { ["type"] = "integer", ["format"] = "uint64" };
            default:
                Note(at, null, $"integer format '{format}' read as a 64-bit integer (long).");
                return new JsonObject { ["type"] = "integer" };
        }
    }

    /// <summary>
    /// An enum: of strings (a null value makes the field nullable), the spec's enum; with a list of types
    /// (<c>["boolean", "string"]</c>, <c>["never", true, false]</c>), a union whose string variant is the enum of the
    /// strings; of other values, the plain type, with a note.
    /// </summary>
    private JsonObject Enum(TSchema schema, TSchema s, IReadOnlyList<JsonNode?> values, JsonTypes types, string? name, string at, ref bool nullable)
    {
        var strings = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        JsonValueKind? other = null;
        foreach (var value in values)
        {
            if (value is null || value.GetValueKind() == JsonValueKind.Null) { nullable = true; continue; }
            if (value.GetValueKind() != JsonValueKind.String) { other ??= value.GetValueKind(); continue; }
            var text = value.GetValue<string>();
            if (seen.Add(text)) strings.Add(text);
        }
        if (other is { } kind)
        {
            if (strings.Count > 0 && (types & JsonTypes.String) != 0 && (types & (types - 1)) != 0) return TypeList(schema, s, types, strings, name, at);
            Note(at, "enum", $"an enum of {kind.ToString().ToLowerInvariant()} values: the spec format's enums are strings; imported as the plain type.");
            var plain = types == JsonTypes.None ? JsonTypes.Integer : types;
            return plain switch
            {
                JsonTypes.Integer => IntegerType(s, at),
                JsonTypes.Number => new JsonObject { ["type"] = "number" },
                JsonTypes.Boolean => new JsonObject { ["type"] = "boolean" },
                _ => new JsonObject { ["type"] = "json" },
            };
        }
        if (strings.Count == 0) return new JsonObject { ["type"] = "json" };
        var result = new JsonObject { ["type"] = "enum" };
        NameType(result, schema, s, name);
        result["values"] = new JsonArray(strings.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        if (FormLabel("enum") is { } form) result["origin"] = form;
        return result;
    }

    private JsonObject Array(TSchema s, string? name, string at)
    {
        if (ItemsOf(s) is not { } items) return new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "json" } };
        var item = Child(items, ItemName(name, s, items), ItemsAt(at), out var itemNullable);
        if (itemNullable) Note(ItemsAt(at), null, "array items may be null: the spec format's items are not nullable; a null item is an error when read.");
        return new JsonObject { ["type"] = "array", ["items"] = ItemOf(item) };
    }

    /// <summary>An object without properties: a map of its additionalProperties, else the reader's free-form object.</summary>
    protected JsonObject FreeObject(TSchema s, string? name, string at)
    {
        if (ValuesOf(s) is { } values)
        {
            var item = Child(values, ValueName(name), ValuesAt(at), out var itemNullable);
            if (itemNullable) Note(ValuesAt(at), null, "map values may be null: the spec format's map values are not nullable; a null value is an error when read.");
            return new JsonObject { ["type"] = "map", ["items"] = ItemOf(item) };
        }
        return FreeFormObject();
    }

    /// <summary>A type as an array item or map value: the keys a field has and an item does not are dropped.</summary>
    protected static JsonObject ItemOf(JsonObject type)
    {
        foreach (var key in new[] { "required", "nullable", "default", "minimum", "maximum", "property" }) type.Remove(key);
        return type;
    }

    /// <summary>
    /// A list of types without null (<c>["boolean", "string"]</c>): a union of one variant per type, the string one an
    /// enum when the schema lists string values; any JSON when a variant would be (a free-form object).
    /// </summary>
    private JsonObject TypeList(TSchema schema, TSchema s, JsonTypes types, List<string>? strings, string? name, string at)
    {
        var variants = new JsonArray();
        foreach (var one in new[] { JsonTypes.String, JsonTypes.Number, JsonTypes.Integer, JsonTypes.Boolean, JsonTypes.Array, JsonTypes.Object })
        {
            if ((types & one) == 0) continue;
            if (one == JsonTypes.Integer && (types & JsonTypes.Number) != 0) continue; // a number covers it
            JsonObject variant;
            if (one == JsonTypes.String && strings is { Count: > 0 })
            {
                variant = new JsonObject { ["type"] = "enum" };
                NameEnumVariant(variant, name);
                variant["values"] = new JsonArray(strings.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            }
            else
            {
                variant = one switch
                {
                    JsonTypes.String => new JsonObject { ["type"] = "string" },
                    JsonTypes.Number => new JsonObject { ["type"] = "number" },
                    JsonTypes.Integer => IntegerType(s, at),
                    JsonTypes.Boolean => new JsonObject { ["type"] = "boolean" },
                    JsonTypes.Array => Array(s, name, at),
                    _ => FreeObject(s, name, at),
                };
            }
            variants.Add(variant);
        }
        if (variants.Count < 2 || variants.Any(v => v!["type"]!.GetValue<string>() == "json")) return new JsonObject { ["type"] = "json" };
        var union = new JsonObject { ["type"] = "union" };
        NameType(union, schema, s, name);
        union["variants"] = variants;
        union["origin"] = "type list";
        return union;
    }
}
