using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Toolkit.Cli.Import.OpenApi;

/// <summary>
/// OpenAPI schemas (as Microsoft.OpenApi reads them) to the spec format's types. <c>components/schemas</c> that are
/// objects, string enums or unions told apart by shape become shared definitions used through <c>{ "ref" }</c>; other
/// components (a named string, an array) are written inline where used. What the format cannot say is written as
/// closely as it can and reported as a note with the OpenAPI pointer.
/// </summary>
internal sealed class OpenApiSchemaMapper : SchemaMapping<IOpenApiSchema>
{
    private readonly IDictionary<string, IOpenApiSchema> _components;
    private readonly OpenApiNotes _notes;

    /// <summary>Components that become definitions, by key.</summary>
    private readonly HashSet<string> _definitionKeys = new(StringComparer.Ordinal);

    /// <summary>Component aliases being inlined: meeting one again inside itself would never end.</summary>
    private readonly HashSet<string> _inlining = new(StringComparer.Ordinal);

    public OpenApiSchemaMapper(IDictionary<string, IOpenApiSchema>? components, OpenApiNotes notes)
    {
        _components = components ?? new Dictionary<string, IOpenApiSchema>();
        _notes = notes;
    }

    /// <summary>
    /// The shared definitions: every component that is an object, a string enum or a union told apart by shape,
    /// except those in <paramref name="inlineOnly"/> (request bodies whose fields become an operation's payload).
    /// </summary>
    public JsonObject Definitions(ISet<string> inlineOnly, ISet<string> reservedNames)
    {
        foreach (var (key, schema) in _components)
        {
            if (schema is null)
            {
                _notes.Add("#/components/schemas/" + OpenApiNotes.Escape(key), "an empty schema (no value): any JSON where it is used.");
                continue;
            }
            if (!inlineOnly.Contains(key) && Classify(schema) is SchemaClass.Object or SchemaClass.Enum or SchemaClass.Union) _definitionKeys.Add(key);
        }
        var definitions = new JsonObject();
        foreach (var (key, schema) in _components)
        {
            if (!_definitionKeys.Contains(key)) continue;
            var pointer = "#/components/schemas/" + OpenApiNotes.Escape(key);
            var type = Type(schema, pointer, definition: true, out _);
            if (Text(schema.Description) is { } about) type["description"] = about;
            var csharp = Generator.Naming.Names.MemberName(key);
            if (reservedNames.Contains(csharp))
            {
                // EmbedRequest is both a component and the embed operation's request type (its payload): the component yields.
                var renamed = csharp + "Schema";
                type["typeName"] = renamed;
                _notes.Add(pointer, $"'{key}' is also the name of a generated type (an operation's request or the client's own); generated as {renamed}.");
            }
            if (schema.Deprecated) _notes.Add(pointer, "deprecated schema: the spec format has no deprecation mark for a type; its description keeps the fact.");
            RenameMembersNamedLikeTheirType(type, type["typeName"]?.GetValue<string>() ?? csharp, pointer);
            definitions[key] = type;
        }
        return definitions;
    }

    /// <summary>The C# names of the definitions (a type name the generator gives an inline type must not be one of them).</summary>
    public ISet<string> DefinitionNames(JsonObject definitions)
        => new HashSet<string>(definitions.Select(d => d.Value?["typeName"]?.GetValue<string>() ?? Generator.Naming.Names.ToPascalCase(d.Key)), StringComparer.Ordinal);

    /// <summary>C# forbids a member named like its type (Prefetch.Prefetch): such a property becomes {Name}Value.</summary>
    private void RenameMembersNamedLikeTheirType(JsonObject type, string typeName, string pointer)
    {
        if (type["properties"] is not JsonObject properties) return;
        foreach (var (wire, field) in properties)
        {
            if (field is JsonObject f && f["property"] is null && Generator.Naming.Names.ToPascalCase(wire) == typeName)
            {
                f["property"] = typeName + "Value";
                _notes.Add(pointer + "/properties/" + OpenApiNotes.Escape(wire), $"property '{wire}' of {typeName} is named {typeName}Value in C# (a member cannot have its type's name).");
            }
        }
    }

    /// <summary>The component a schema refers to, if it is a reference.</summary>
    public static string? RefKey(IOpenApiSchema schema) => schema is OpenApiSchemaReference r ? r.Reference?.Id : null;

    /// <summary>The schema behind references and single-element allOf wrappers.</summary>
    public static IOpenApiSchema Resolve(IOpenApiSchema schema)
    {
        if (schema is null) return new OpenApiSchema();
        for (var depth = 0; depth < 64; depth++)
        {
            if (schema is OpenApiSchemaReference { Target: { } target }) { schema = target; continue; }
            if (schema.AllOf is { Count: 1 } allOf && (schema.Properties is null || schema.Properties.Count == 0) && NoVariants(schema)) { schema = allOf[0]; continue; }
            break;
        }
        return schema;
    }

    /// <summary>The properties of an object schema, allOf parts merged in order (<see cref="SchemaMapping{TSchema}.Parts"/>), and which are required.</summary>
    public (List<(string Name, IOpenApiSchema Schema, string Pointer)> Properties, HashSet<string> Required) ObjectParts(IOpenApiSchema schema, string pointer)
    {
        var parts = Parts(schema, pointer);
        if (pointer.Length > 0)
        {
            foreach (var merged in parts.Merged) _notes.Add(merged.At, $"an allOf part that is a {merged.Keyword} of objects: merged as every alternative's fields, none required.");
        }
        return (parts.Properties.Select(p => (p.Name, p.Schema, p.At)).ToList(), parts.Required);
    }

    protected override (IOpenApiSchema Target, string At)? ReferenceOf(IOpenApiSchema schema, string at)
        => schema is OpenApiSchemaReference { Target: { } target } r ? (target, "#/components/schemas/" + OpenApiNotes.Escape(r.Reference.Id ?? "")) : null;

    protected override IReadOnlyList<(string Name, IOpenApiSchema Schema)> PropertiesOf(IOpenApiSchema schema)
        => schema.Properties is { } own ? own.Select(p => (p.Key, p.Value)).ToList() : new List<(string, IOpenApiSchema)>();

    protected override IEnumerable<string> RequiredOf(IOpenApiSchema schema) => schema.Required ?? (IEnumerable<string>)System.Array.Empty<string>();

    protected override IReadOnlyList<IOpenApiSchema> AllOfOf(IOpenApiSchema schema) => schema.AllOf is { } parts ? parts.ToList() : new List<IOpenApiSchema>();

    protected override IReadOnlyList<IOpenApiSchema> OneOfOf(IOpenApiSchema schema) => schema.OneOf is { } parts ? parts.ToList() : new List<IOpenApiSchema>();

    protected override IReadOnlyList<IOpenApiSchema> AnyOfOf(IOpenApiSchema schema) => schema.AnyOf is { } parts ? parts.ToList() : new List<IOpenApiSchema>();

    protected override bool IsMergeableAlternative(IOpenApiSchema alternative) => IsNullOnly(alternative) || Shape(alternative, Visiting()) == "object";

    protected override string PropertyAt(string at, string name) => at + "/properties/" + OpenApiNotes.Escape(name);

    /// <summary>The fields of an object schema, in the spec's field format (the payload, or an object's properties).</summary>
    public JsonObject Fields(IOpenApiSchema schema, string pointer)
    {
        var (properties, required) = ObjectParts(schema, pointer);
        var fields = new JsonObject();
        foreach (var (name, property, at) in properties)
        {
            fields[name] = Field(property, name, required.Contains(name), at);
        }
        return fields;
    }

    /// <summary>One field: its type plus required, nullable, default, bounds and description.</summary>
    public JsonObject Field(IOpenApiSchema? property, string name, bool required, string pointer)
    {
        var field = Type(property, pointer, definition: false, out var nullable);
        if (property is null)
        {
            if (required) field["required"] = true;
            return field;
        }
        field = FieldOf(property, field, required, nullable, pointer);
        var resolved = Resolve(property);
        var isRef = field.ContainsKey("ref");
        if (property.Deprecated || resolved.Deprecated && !isRef) field["deprecated"] = DeprecationReason(field["description"]?.GetValue<string>());
        if (property.ReadOnly || property.WriteOnly || resolved.ReadOnly || resolved.WriteOnly)
        {
            // One C# type serves requests and responses: a required readOnly field (the service sets it) must not be
            // required of a caller, nor a required writeOnly one (never sent back) of a response.
            var direction = property.ReadOnly || resolved.ReadOnly ? "readOnly" : "writeOnly";
            if (required)
            {
                field.Remove("required");
                _notes.Add(pointer, $"{direction} and required: imported as optional (one type serves both directions; {(direction == "readOnly" ? "the service fills it in responses" : "requests must still set it")}).");
            }
            else
            {
                _notes.Add(pointer, $"{direction}: one type serves both directions; {(direction == "readOnly" ? "leave it unset in requests" : "responses leave it unset")}.");
            }
        }
        return field;
    }

    /// <summary>
    /// OpenAPI's <c>deprecated</c> is a flag; the reason, when the document gives one, is in the description (the
    /// sentence that says "deprecated"): that sentence becomes the <c>[Obsolete]</c> message.
    /// </summary>
    internal static JsonNode DeprecationReason(string? description)
    {
        var sentence = description?.Split(new[] { ". ", "\n" }, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(s => s.Contains("deprecat", StringComparison.OrdinalIgnoreCase))?.Trim().TrimEnd('.');
        return sentence is { Length: > 0 } ? JsonValue.Create(sentence + ".") : JsonValue.Create(true);
    }

    private static double? Number(string? text)
        => text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsInfinity(value) ? value : null;

    /// <summary>
    /// A schema's type in the spec format, and whether it admits null (3.0 <c>nullable</c>, 3.1 <c>type: [.., "null"]</c>,
    /// or a null alternative of oneOf/anyOf).
    /// </summary>
    /// <summary>
    /// How deep inline schemas may nest. Each level is two levels of the spec's JSON (<c>properties</c>, the field),
    /// and the spec format reads 64: a document nested deeper is refused at the schema where it passes the bound.
    /// </summary>
    internal const int MaxNesting = 28;

    private int _nesting;

    public JsonObject Type(IOpenApiSchema? schema, string pointer, bool definition, out bool nullable)
    {
        if (++_nesting > MaxNesting)
        {
            _nesting = 0;
            throw new OpenApiShapeException(pointer, $"schemas nest more than {MaxNesting} levels deep here; a spec holds 64 levels of JSON. Move an inner schema to components/schemas and refer to it.");
        }
        try
        {
            return TypeAtDepth(schema, pointer, definition, out nullable);
        }
        finally
        {
            if (_nesting > 0) _nesting--;
        }
    }

    private JsonObject TypeAtDepth(IOpenApiSchema? schema, string pointer, bool definition, out bool nullable)
    {
        nullable = false;
        if (schema is null) return new JsonObject { ["type"] = "json" }; // "name:" with no value in YAML: no constraint
        if (!definition && RefKey(schema) is { } key)
        {
            var target = ((OpenApiSchemaReference)schema).Target;
            if (target is null)
            {
                _notes.Add(pointer, $"$ref to '{key}', which the document does not define; imported as any JSON.");
                return new JsonObject { ["type"] = "json" };
            }
            nullable = AdmitsNull(target);
            if (_definitionKeys.Contains(key)) return new JsonObject { ["ref"] = key };
            if (!_inlining.Add(key))
            {
                _notes.Add(pointer, $"'{key}' contains itself and is neither an object nor a union; imported as any JSON there.");
                return new JsonObject { ["type"] = "json" };
            }
            try
            {
                var inline = Type(target, "#/components/schemas/" + OpenApiNotes.Escape(key), definition: false, out var inner);
                nullable |= inner;
                return inline;
            }
            finally
            {
                _inlining.Remove(key);
            }
        }
        if (schema is OpenApiSchemaReference { Target: { } referenced }) schema = referenced;
        nullable = SaysNull(schema);

        // allOf of one schema (a $ref with siblings in 3.0): that schema.
        if (schema.AllOf is { Count: 1 } single && (schema.Properties is null || schema.Properties.Count == 0) && NoVariants(schema))
        {
            var inner = Type(single[0], pointer + "/allOf/0", definition: false, out var innerNullable);
            nullable |= innerNullable;
            return inner;
        }

        var variants = schema.OneOf is { Count: > 0 } ? schema.OneOf : schema.AnyOf;
        var variantsKey = schema.OneOf is { Count: > 0 } ? "oneOf" : "anyOf";
        if (variants is { Count: > 0 } && (schema.Properties is null || schema.Properties.Count == 0) && schema.AllOf is not { Count: > 0 })
        {
            var alternatives = Alternatives(variants.ToList(), pointer + "/" + variantsKey, ref nullable, note: true);
            if (alternatives.Count == 1)
            {
                var only = Type(alternatives[0].Schema, alternatives[0].At, definition: false, out var onlyNullable);
                nullable |= onlyNullable;
                return only;
            }
            if (alternatives.Count == 0) return new JsonObject { ["type"] = "json" };
            return Union(schema, schema, alternatives, default, pointer, variantsKey);
        }

        return Leaf(schema, schema, null, pointer, ref nullable);
    }

    // The reader: Microsoft.OpenApi's model (3.0 and 3.1 alike).
    protected override JsonTypes TypesOf(IOpenApiSchema schema) => Types(schema.Type);

    /// <summary>Microsoft.OpenApi's schema types as the mapping's.</summary>
    internal static JsonTypes Types(JsonSchemaType? type)
    {
        var t = type ?? 0;
        var result = JsonTypes.None;
        if ((t & JsonSchemaType.String) != 0) result |= JsonTypes.String;
        if ((t & JsonSchemaType.Number) != 0) result |= JsonTypes.Number;
        if ((t & JsonSchemaType.Integer) != 0) result |= JsonTypes.Integer;
        if ((t & JsonSchemaType.Boolean) != 0) result |= JsonTypes.Boolean;
        if ((t & JsonSchemaType.Array) != 0) result |= JsonTypes.Array;
        if ((t & JsonSchemaType.Object) != 0) result |= JsonTypes.Object;
        if ((t & JsonSchemaType.Null) != 0) result |= JsonTypes.Null;
        return result;
    }

    protected override IReadOnlyList<JsonNode?>? EnumOf(IOpenApiSchema schema) => schema.Enum is { Count: > 0 } values ? values.ToList() : null;

    protected override string? ConstOf(IOpenApiSchema schema) => schema.Const;

    protected override string? FormatOf(IOpenApiSchema schema) => schema.Format;

    protected override IOpenApiSchema? ItemsOf(IOpenApiSchema schema) => schema.Items;

    protected override IOpenApiSchema? ValuesOf(IOpenApiSchema schema) => schema.AdditionalProperties;

    protected override bool DeclaresProperties(IOpenApiSchema schema) => IsObjectLike(schema);

    protected override JsonObject Child(IOpenApiSchema child, string? name, string at, out bool nullable) => Type(child, at, definition: false, out nullable);

    protected override JsonObject Object(IOpenApiSchema schema, IOpenApiSchema resolved, string? name, string at) => Object(resolved, at);

    protected override void Note(string at, string? keyword, string message) => _notes.Add(keyword is null ? at : at + "/" + keyword, message);

    private JsonObject Object(IOpenApiSchema schema, string pointer)
    {
        var fields = Fields(schema, pointer);
        if (fields.Count == 0) return FreeObject(schema, null, pointer);
        if (schema.AdditionalProperties is { } extra && Resolve(extra) is var e && (e.Type is not null || e.Properties?.Count > 0))
        {
            _notes.Add(pointer + "/additionalProperties", "an object with both properties and additionalProperties: the extra properties are skipped when read.");
        }
        return new JsonObject { ["type"] = "object", ["properties"] = fields };
    }

    private static bool IsObjectLike(IOpenApiSchema schema)
        => schema.Properties is { Count: > 0 } || schema.AllOf is { Count: > 1 }
           || (schema.AllOf is { Count: 1 } && schema.Properties is { Count: > 0 });

    private static bool NoVariants(IOpenApiSchema schema) => schema.OneOf is not { Count: > 0 } && schema.AnyOf is not { Count: > 0 };

    /// <summary>3.0's <c>nullable: true</c> on a schema without a type (an allOf wrapper), as the reader marked it.</summary>
    protected override bool MarkedNullable(IOpenApiSchema schema)
        => schema.Extensions is { } extensions && extensions.TryGetValue(OpenApiNormalizer.NullableMark, out var mark)
           && mark is JsonNodeExtension { Node: JsonValue value } && value.GetValueKind() == JsonValueKind.True;

    /// <summary>An alternative that only says "or null": <c>{ "type": "null" }</c> (3.1) or <c>{ "nullable": true }</c> (3.0).</summary>
    protected override bool IsNullOnly(IOpenApiSchema schema)
    {
        if (schema is null) return false;
        if (schema is OpenApiSchemaReference) return false;
        var types = schema.Type ?? 0;
        return (types == JsonSchemaType.Null || (types == 0 && schema.Enum is { Count: 1 } e && e[0] is null))
               && schema.Properties is not { Count: > 0 } && schema.Items is null && schema.AllOf is not { Count: > 0 } && NoVariants(schema);
    }

    protected override IOpenApiSchema Resolved(IOpenApiSchema schema) => Resolve(schema);

    protected override string? ComponentOf(IOpenApiSchema schema) => RefKey(schema);

    protected override (string Property, IReadOnlyDictionary<string, List<string>> Mapping)? DiscriminatorOf(IOpenApiSchema schema)
    {
        if (schema.Discriminator is not { PropertyName: { Length: > 0 } property } discriminator) return null;
        var mapping = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (value, target) in discriminator.Mapping ?? new Dictionary<string, OpenApiSchemaReference>())
        {
            if (target?.Reference?.Id is not { } id) continue;
            if (!mapping.TryGetValue(id, out var values)) mapping[id] = values = new List<string>();
            values.Add(value);
        }
        return (property, mapping);
    }

    protected override JsonNode? DefaultOf(IOpenApiSchema schema) => schema.Default is { } value && !JsonNullSentinel.IsJsonNullSentinel(value) ? value : null;

    protected override string? DescriptionOf(IOpenApiSchema schema) => schema.Description;

    protected override (double? Minimum, double? Maximum, double? ExclusiveMinimum, double? ExclusiveMaximum) BoundsOf(IOpenApiSchema schema)
        => (Number(schema.Minimum), Number(schema.Maximum), Number(schema.ExclusiveMinimum), Number(schema.ExclusiveMaximum));

    protected override IOpenApiSchema NumberSchema() => new OpenApiSchema { Type = JsonSchemaType.Number };

}
