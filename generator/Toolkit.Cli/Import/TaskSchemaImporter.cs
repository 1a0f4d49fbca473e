using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace Toolkit.Cli.Import;

/// <summary>
/// Turns a Hugging Face task schema pair (input.json, output.json) into a spec in our format, with the Inference
/// API's request conventions (<see cref="InferenceConventions"/>). Schemas are read with NJsonSchema, which
/// resolves <c>$ref</c>. What the format cannot say is reported in <see cref="ImportResult.Notes"/>, never dropped
/// silently.
/// </summary>
internal sealed class TaskSchemaImporter : SchemaMapping<JsonSchema>
{
    private readonly HashSet<string> _typeNames = new(StringComparer.Ordinal);
    private readonly List<string> _notes = new();

    /// <summary>Whole-API import (format 2): v2 names, shared common definitions, one operation per task.</summary>
    private readonly bool _wholeApi;

    /// <summary>The task's copies of common-definitions.json schemas, by their definition key: shared once as spec definitions.</summary>
    private readonly Dictionary<JsonSchema, string> _common = new(ReferenceEqualityComparer.Instance);

    private TaskSchemaImporter(bool wholeApi = false) => _wholeApi = wholeApi;

    /// <summary>Named types being built, by schema: meeting one again inside itself makes it a recursive definition.</summary>
    private readonly Dictionary<JsonSchema, string> _building = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<JsonSchema> _recursive = new(ReferenceEqualityComparer.Instance);

    /// <summary>Schemas a task refers to more than once, and the definition each became.</summary>
    private readonly HashSet<JsonSchema> _shared = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<JsonSchema, string> _local = new(ReferenceEqualityComparer.Instance);

    /// <summary>Recursive types, written once under the spec's "definitions" and used through { "ref": name }.</summary>
    private readonly JsonObject _definitions = new();
    private string _prefix = "";

    public static ImportResult Import(JsonSchema input, JsonSchema output, string task, string version)
        => new TaskSchemaImporter().Run(input, output, task, version);

    /// <summary>
    /// Every task as one operation of one whole-API spec (format 2) on the router: each task at the path the service
    /// really uses for it, the model a path parameter with a client default, the definitions of
    /// common-definitions.json generated once and shared.
    /// </summary>
    /// <param name="commonKeys">The keys of common-definitions.json: schemas under these keys are shared definitions.</param>
    public static ImportResult ImportApi(IReadOnlyList<TaskSchemas> tasks, ISet<string> commonKeys, string name, string version)
        => new TaskSchemaImporter(wholeApi: true).RunApi(tasks, commonKeys, name, version);

    private ImportResult RunApi(IReadOnlyList<TaskSchemas> tasks, ISet<string> commonKeys, string name, string version)
    {
        _prefix = Pascal(name);
        foreach (var suffix in new[] { "Client", "ClientOptions", "RequestOptions", "Serializer", "Validator", "Contract", "ServiceCollectionExtensions" }) _typeNames.Add(_prefix + suffix);
        var operations = new JsonObject();
        foreach (var (task, input, output, stream) in tasks)
        {
            _common.Clear();
            var roots = stream is null ? new[] { input, output } : new[] { input, output, stream };
            foreach (var root in roots)
            {
                foreach (var (key, definition) in root.Definitions) if (commonKeys.Contains(key)) _common[definition] = key;
            }
            Share(roots);
            _prefix = Pascal(task);
            _typeNames.Add(_prefix + "Request");
            var operation = new JsonObject();
            if (Text(input.Description) is { } about) operation["description"] = about;
            operation["method"] = "POST";
            operation["path"] = InferenceConventions.Path(task);
            var (payload, rawField) = Payload(input.ActualSchema, "operations." + task + ".payload");
            if (rawField is not null) operation["body"] = new JsonObject { ["rawField"] = rawField, ["rawContentType"] = "application/octet-stream" };
            // The API's path parameter is "model": a body field of that name (chat completion's) would be a second
            // "model" parameter of the method, so its C# name is BodyModel.
            foreach (var (field, value) in payload.ToList())
            {
                if (field == "model" && value is JsonObject body && !body.ContainsKey("property")) body["property"] = "Body" + Pascal(field);
            }
            operation["payload"] = payload;
            operation["response"] = Response(output.ActualSchema, task);
            if (stream is not null) operation["stream"] = Stream(stream.ActualSchema, task, payload);
            operations[task] = operation;
        }
        foreach (var (task, extra) in InferenceConventions.ExtraOperations())
        {
            if (operations.ContainsKey(task)) continue; // the folder has its schemas: they win
            _notes.Add($"{task}: no schema in the task folders, so the hand-written operation (Import/Operations/{task}.json, from the Inference Providers page) is used.");
            if (extra["definitions"] is JsonObject definitions)
            {
                extra.Remove("definitions");
                foreach (var (key, definition) in definitions.ToList())
                {
                    if (_definitions.ContainsKey(key)) throw new ImportException($"the {task} operation defines '{key}', which the tasks define too.");
                    definitions.Remove(key);
                    _definitions[key] = definition;
                }
            }
            operations[task] = extra;
        }
        // Operations in name order, whichever source they came from: a stable file.
        var ordered = new JsonObject();
        foreach (var (key, operation) in operations.OrderBy(p => p.Key, StringComparer.Ordinal).ToList())
        {
            operations.Remove(key);
            ordered[key] = operation;
        }
        operations = ordered;
        var spec = new JsonObject
        {
            ["name"] = name,
            ["version"] = version,
            ["description"] = "The Hugging Face Inference API on the hf-inference provider: one operation per task, chat completion and text generation included.",
            ["namespace"] = "HuggingFace.Inference",
            ["baseUrl"] = InferenceConventions.BaseUrl,
            ["headers"] = InferenceConventions.Headers(),
            ["pathParameters"] = new JsonObject { ["model"] = InferenceConventions.ModelParameter(clientDefault: true) },
            ["errors"] = InferenceConventions.Errors(),
        };
        if (_definitions.Count > 0) spec["definitions"] = _definitions;
        spec["operations"] = operations;
        return new ImportResult(spec, _notes);
    }

    /// <summary>The payload fields of an input schema, and the binary field that may go as the raw body.</summary>
    private (JsonObject Payload, string? RawField) Payload(JsonSchema inputSchema, string path)
    {
        var payload = new JsonObject();
        string? rawField = null;
        foreach (var (name, property) in inputSchema.ActualProperties)
        {
            var field = Field(property, name, inputSchema.RequiredProperties.Contains(name), path + "." + name);
            payload[name] = field;
            if (name == "inputs" && field["type"]?.GetValue<string>() == "string" && field["format"]?.GetValue<string>() == "binary") rawField = name;
        }
        return (payload, rawField);
    }

    private ImportResult Run(JsonSchema input, JsonSchema output, string task, string version)
    {
        Share(new[] { input, output });
        _prefix = Pascal(task);
        var spec = new JsonObject
        {
            ["name"] = task,
            ["version"] = version,
            ["description"] = Text(input.Description) ?? $"The Hugging Face Inference API {task} task.",
            ["namespace"] = "HuggingFace.Tasks." + _prefix,
            ["operation"] = InferenceConventions.Operation(task),
        };

        var (payload, rawField) = Payload(input.ActualSchema, "payload");
        spec["request"] = InferenceConventions.Request(task, rawField);
        spec["payload"] = payload;
        spec["headers"] = InferenceConventions.Headers();
        spec["response"] = Response(output.ActualSchema, task);
        spec["errors"] = InferenceConventions.Errors();
        if (_definitions.Count > 0) spec["definitions"] = _definitions;
        return new ImportResult(spec, _notes);
    }

    private JsonObject Response(JsonSchema output, string task)
    {
        if (InferenceConventions.BinaryOutput(output, task) is { } contentType)
        {
            _notes.Add($"response: the schema describes an object, but the Inference API sends the {contentType} bytes themselves; imported as a binary response.");
            return new JsonObject { ["type"] = "binary", ["contentType"] = contentType, ["description"] = Text(output.Description) ?? "The generated bytes." };
        }
        var type = Type(output, _prefix + "Response", "response"); // array items become {Prefix}ResponseItem
        if (type["ref"] is not null)
        {
            // The body is itself a recursive type: the response names its definition.
            var named = new JsonObject { ["ref"] = type["ref"]!.DeepClone() };
            if (Text(output.Description) is { } about) named["description"] = about;
            return named;
        }
        var kind = type["type"]?.GetValue<string>();
        if (kind is not ("array" or "object"))
        {
            throw new ImportException($"the output is a top-level {kind}; the spec format needs an array, an object or raw bytes there.");
        }
        var response = new JsonObject();
        if (Text(output.Description) is { } text) response["description"] = text;
        foreach (var (key, value) in type.ToList())
        {
            type.Remove(key);
            response[key] = value;
        }
        return response;
    }

    private JsonObject Field(JsonSchema property, string name, bool required, string path)
    {
        var type = Type(property, _prefix + Pascal(name), path, out var nullable);
        return BoundsAfterType(FieldOf(property, type, required, nullable, path));
    }

    /// <summary>
    /// A field's bounds written right after its type, before required, nullable and default: the key order the task
    /// specs have always had (the whole-API spec's text is hashed into the generated client's SpecSha256).
    /// </summary>
    private static JsonObject BoundsAfterType(JsonObject field)
    {
        if (!field.ContainsKey("minimum") && !field.ContainsKey("maximum")) return field;
        var ordered = new JsonObject();
        var flags = new[] { "required", "nullable", "default", "description" };
        foreach (var (key, value) in field.ToList())
        {
            if (key is "minimum" or "maximum") continue;
            if (flags.Contains(key)) break;
            field.Remove(key);
            ordered[key] = value;
        }
        foreach (var key in new[] { "minimum", "maximum" })
        {
            if (field[key] is { } bound)
            {
                field.Remove(key);
                ordered[key] = bound;
            }
        }
        foreach (var (key, value) in field.ToList())
        {
            field.Remove(key);
            ordered[key] = value;
        }
        return ordered;
    }

    /// <summary>The schema a property stands for: its $ref target, or the single schema of an allOf.</summary>
    private static JsonSchema Actual(JsonSchema schema)
    {
        var actual = schema.ActualSchema;
        if (actual.Type == JsonObjectType.None && actual.AllOf.Count == 1) return Actual(actual.AllOf.First());
        return actual;
    }

    private JsonObject Type(JsonSchema schema, string defaultName, string path) => Type(schema, defaultName, path, out _);

    /// <summary>A schema's type, and whether it admits null (as OpenAPI's: <see cref="SchemaMapping{TSchema}.SaysNull"/>, a referenced schema's, a null alternative or enum value).</summary>
    private JsonObject Type(JsonSchema schema, string defaultName, string path, out bool nullable)
    {
        nullable = SaysNull(schema);
        var s = Actual(schema);
        if (!ReferenceEquals(s, schema)) nullable |= AdmitsNull(s);
        if (_wholeApi && SharedDefinition(schema) is { } shared) return shared;
        if (LocalDefinition(schema, defaultName, path) is { } local) return local;
        if (_building.TryGetValue(s, out var inProgress))
        {
            // The schema contains itself (a tree's children are trees): refer to it by name.
            _recursive.Add(s);
            return new JsonObject { ["ref"] = inProgress };
        }

        var keyword = s.OneOf.Count > 0 ? "oneOf" : "anyOf";
        var variants = keyword == "oneOf" ? s.OneOf.ToList() : s.AnyOf.ToList();
        if (variants.Count > 0 && s.Properties.Count == 0 && s.AllOf.Count == 0)
        {
            var alternatives = Alternatives(variants, VariantsAt(path, keyword), ref nullable, note: true);
            if (alternatives.Count == 1)
            {
                var only = Type(alternatives[0].Schema, defaultName, path, out var onlyNullable);
                nullable |= onlyNullable;
                return only;
            }
            if (alternatives.Count == 0) return new JsonObject { ["type"] = "json" };
            return Union(alternatives, schema, s, defaultName, path, keyword);
        }
        return Leaf(schema, s, defaultName, path, ref nullable);
    }

    // The reader: NJsonSchema's model of the bundled task schemas.
    protected override JsonTypes TypesOf(JsonSchema schema)
    {
        var result = JsonTypes.None;
        foreach (var (from, to) in new[] { (JsonObjectType.String, JsonTypes.String), (JsonObjectType.Number, JsonTypes.Number), (JsonObjectType.Integer, JsonTypes.Integer), (JsonObjectType.Boolean, JsonTypes.Boolean), (JsonObjectType.Array, JsonTypes.Array), (JsonObjectType.Object, JsonTypes.Object), (JsonObjectType.Null, JsonTypes.Null) })
        {
            if (schema.Type.HasFlag(from)) result |= to;
        }
        return result;
    }

    protected override IReadOnlyList<JsonNode?>? EnumOf(JsonSchema schema)
        => schema.Enumeration.Count == 0 ? null : schema.Enumeration.Select(v => v switch
        {
            null => null,
            string text => JsonValue.Create(text),
            bool flag => JsonValue.Create(flag),
            _ => (JsonNode?)JsonValue.Create(Convert.ToDouble(v, CultureInfo.InvariantCulture)),
        }).ToList();

    protected override string? ConstOf(JsonSchema schema)
        => schema.ExtensionData is { } data && data.TryGetValue("const", out var value) ? value as string : null; // the bundler made most an enum

    protected override string? FormatOf(JsonSchema schema) => schema.Format;

    protected override JsonSchema? ItemsOf(JsonSchema schema) => schema.Item;

    protected override JsonSchema? ValuesOf(JsonSchema schema) => schema.AdditionalPropertiesSchema;

    protected override bool DeclaresProperties(JsonSchema schema)
        => (schema.Type is JsonObjectType.None || schema.Type.HasFlag(JsonObjectType.Object)) && (schema.ActualProperties.Count > 0 || schema.AllOf.Count > 1);

    protected override JsonObject Child(JsonSchema child, string? name, string at, out bool nullable)
    {
        return Type(child, name!, at, out nullable);
    }

    protected override JsonObject Object(JsonSchema schema, JsonSchema resolved, string? name, string at) => ObjectType(resolved, schema, name!, at);

    protected override void Note(string at, string? keyword, string message) => _notes.Add($"{at}: {message}");

    // The task schemas' policies: types named from titles, objects without properties as maps, the Inference API's conventions.
    protected override void NameType(JsonObject type, JsonSchema schema, JsonSchema resolved, string? name) => AddTypeName(type, schema, resolved, name!);

    protected override void NameEnumVariant(JsonObject variant, string? name)
    {
        var text = name + "Text";
        while (_typeNames.Contains(text)) text += "Value";
        _typeNames.Add(text);
        variant["typeName"] = text;
    }

    protected override JsonObject? Convention(JsonSchema schema, JsonSchema s)
    {
        if ((Comment(schema) ?? Comment(s)) == "type=binary")
        {
            return new JsonObject { ["type"] = "string", ["format"] = "binary", ["origin"] = s.Type == JsonObjectType.None ? "untyped, comment type=binary" : "string, comment type=binary" };
        }
        var description = Text(schema.Description) ?? Text(s.Description);
        if ((s.Type & ~JsonObjectType.Null) == JsonObjectType.String && description is not null
            && description.Contains("base64", StringComparison.OrdinalIgnoreCase) && description.Contains("mask", StringComparison.OrdinalIgnoreCase))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "mask", ["origin"] = "string described as a base64 mask" };
        }
        return null;
    }

    /// <summary>JSON Schema's default: an object that declares no properties may have any, each any JSON.</summary>
    protected override JsonObject FreeFormObject() => new() { ["type"] = "map", ["items"] = new JsonObject { ["type"] = "json" }, ["origin"] = "object without properties" };

    protected override string? FormLabel(string form) => form;

    protected override string ItemsAt(string at) => at + "[]";

    protected override string ValuesAt(string at) => at + "{}";

    /// <summary>
    /// An array's items: in a whole API, an untitled item of an array the schema titles is that title's element
    /// (<c>ImageSegmentationOutput</c> → <c>ImageSegmentationOutputElement</c>: the schema's own noun, and the name
    /// huggingface_hub's generated types give the same items); else the generator's rule (<c>{Name}Item</c>).
    /// A one-operation spec keeps its names (format 1's users' code keeps compiling).
    /// </summary>
    protected override string? ItemName(string? name, JsonSchema array, JsonSchema items)
    {
        if (!_wholeApi) return name + "Item";
        var title = array.Title ?? array.ActualSchema.Title;
        if (title is not null && IsIdentifier(title) && items.Title is null && items.ActualSchema.Title is null && !items.HasReference
            && !items.ActualSchema.Type.HasFlag(JsonObjectType.Array))
        {
            // Not the generator's default (ResponseItem): written into the spec as the item's typeName.
            var element = Toolkit.Generator.Naming.Names.ArrayElementTypeName(title);
            _elementNames.Add(element);
            return element;
        }
        return Toolkit.Generator.Naming.Names.ArrayItemTypeName(name!, items.ActualSchema.Type.HasFlag(JsonObjectType.Array), true);
    }

    protected override string? ValueName(string? name) => name + "Value";

    private JsonObject ObjectType(JsonSchema s, JsonSchema schema, string defaultName, string path)
    {
        var result = new JsonObject { ["type"] = "object" };
        var name = AddTypeName(result, schema, s, defaultName);
        var properties = new JsonObject();
        _building[s] = name;
        var parts = Parts(s, path);
        foreach (var merged in parts.Merged.Where(m => m.Fields.Count > 1))
        {
            _notes.Add($"{path}: one of {string.Join(", ", merged.Fields)} (alternatives of an allOf part), merged as optional fields: the spec format cannot say that exactly one is set.");
        }
        foreach (var (property, value, at) in parts.Properties)
        {
            properties[property] = Field(value, property, parts.Required.Contains(property), at);
        }
        _building.Remove(s);
        result["properties"] = properties;
        return Defined(s, name, result);
    }

    /// <summary>
    /// A reference to a common definition (ClassificationOutput, GenerationParameters, ...) in a whole-API import:
    /// <c>{ "ref": key }</c>, the definition written once under its own key, so that every task shares one type.
    /// </summary>
    private JsonObject? SharedDefinition(JsonSchema schema)
    {
        var target = schema.Reference ?? (schema.AllOf.Count == 1 && schema.Type == JsonObjectType.None ? schema.AllOf.First().Reference : null);
        if (target is null || !_common.TryGetValue(target, out var key)) return null;
        var s = target.ActualSchema;
        var named = Classify(s) is not SchemaClass.Other;
        if (!named) return null; // a scalar or untyped definition is simply its type, inline
        if (!_definitions.ContainsKey(key))
        {
            _definitions[key] = new JsonObject(); // claims the key first: a definition that refers to itself ends here
            var prefix = _prefix;
            _prefix = key; // nested types are named after the definition, as the parser names them
            var type = Type(s, key, "definitions." + key);
            _prefix = prefix;
            if (type["ref"] is not null) return type; // it contained itself and was defined on the way
            type.Remove("typeName");
            _definitions[key] = type;
        }
        return new JsonObject { ["ref"] = key };
    }

    /// <summary>A type that turned out to contain itself becomes a definition, referred to by name here and inside.</summary>
    private JsonObject Defined(JsonSchema s, string name, JsonObject type)
    {
        if (!_recursive.Contains(s)) return type;
        type.Remove("typeName");
        _definitions[name] = type;
        return new JsonObject { ["ref"] = name };
    }

    /// <summary>A union (<see cref="SchemaMapping{TSchema}.Union"/>) named as the parser names it, and defined by name when it contains itself.</summary>
    private JsonObject Union(List<(JsonSchema Schema, string At)> alternatives, JsonSchema schema, JsonSchema s, string defaultName, string path, string keyword)
    {
        var name = AddTypeName(new JsonObject(), schema, s, defaultName);
        _building[s] = name;
        try
        {
            var result = Union(schema, s, alternatives, new UnionNames(name, defaultName), path, keyword);
            if (result["type"]?.GetValue<string>() is "union" or "enum")
            {
                // Written as every named type is: its kind, its name, then (a union) how it is told apart.
                var ordered = new JsonObject { ["type"] = result["type"]!.DeepClone() };
                if (name != defaultName) ordered["typeName"] = name;
                if (result["discriminator"] is { } discriminator) ordered["discriminator"] = discriminator.DeepClone();
                foreach (var (key, value) in result.ToList())
                {
                    if (key is "type" or "discriminator") continue;
                    result.Remove(key);
                    ordered[key] = value;
                }
                result = ordered;
            }
            return result["type"]?.GetValue<string>() == "union" ? Defined(s, name, result) : result;
        }
        finally
        {
            _building.Remove(s);
        }
    }

    /// <summary>A variant's type, named as the parser names it: after the union's name, and for an object told apart, after its tag or marker.</summary>
    protected override JsonObject Variant(JsonSchema alternative, UnionNames names, int index, (IReadOnlyList<string>? Tags, string? Marker)? told, string at, out bool nullable)
    {
        nullable = false;
        if (told is ({ } or null, { } or null) how && (how.Tags is not null || how.Marker is not null))
        {
            // As the spec parser names them: types inside an object told apart start with the union's name and its word.
            var word = names.Union + Toolkit.Generator.Naming.Names.ToldVariantWord(how.Tags?[0] ?? how.Marker!);
            var prefix = _prefix;
            _prefix = word;
            try
            {
                return Type(alternative, word, at, out nullable);
            }
            finally
            {
                _prefix = prefix;
            }
        }
        return Type(alternative, VariantTypeName(names, index, KindText(alternative)), at, out nullable);
    }

    /// <summary>The parser's default name of a variant's type: after the union's own name.</summary>
    private string VariantTypeName(UnionNames names, int index, string? kind)
        => _wholeApi ? Toolkit.Generator.Naming.Names.VariantTypeName(names.Union!, index, kind, true) : names.Default + "Option" + (index + 1).ToString(CultureInfo.InvariantCulture);

    protected override void NameMarkedVariant(JsonObject variant, JsonSchema alternative, UnionNames names)
    {
        if (VariantName(names.Union!, alternative) is { } named) variant["name"] = named;
    }

    protected override void NameStringsVariant(JsonObject variant, JsonSchema first, int index, UnionNames names)
        => AddTypeName(variant, first, first.ActualSchema, VariantTypeName(names, index, "enum"));

    protected override JsonSchema Resolved(JsonSchema schema) => Actual(schema);

    protected override bool IsNullOnly(JsonSchema schema)
    {
        var s = Actual(schema);
        return s.Type == JsonObjectType.Null && s.Properties.Count == 0 && s.Item is null && s.AllOf.Count == 0 && s.OneOf.Count + s.AnyOf.Count == 0;
    }

    protected override string? ComponentOf(JsonSchema schema) => null; // a task schema's discriminator has no mapping to components

    protected override (string Property, IReadOnlyDictionary<string, List<string>> Mapping)? DiscriminatorOf(JsonSchema schema)
        => schema.DiscriminatorObject?.PropertyName is { Length: > 0 } property ? (property, new Dictionary<string, List<string>>()) : null;

    protected override JsonNode? DefaultOf(JsonSchema schema) => schema.Default switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        long or int or short or byte => JsonValue.Create(Convert.ToInt64(schema.Default, CultureInfo.InvariantCulture)),
        double or float or decimal => JsonValue.Create(Convert.ToDouble(schema.Default, CultureInfo.InvariantCulture)),
        var other => JsonNode.Parse(Newtonsoft.Json.JsonConvert.SerializeObject(other)),
    };

    protected override string? DescriptionOf(JsonSchema schema) => schema.Description;

    protected override (double? Minimum, double? Maximum, double? ExclusiveMinimum, double? ExclusiveMaximum) BoundsOf(JsonSchema s)
        => (s.IsExclusiveMinimum ? null : (double?)s.Minimum, s.IsExclusiveMaximum ? null : (double?)s.Maximum,
            (double?)(s.ExclusiveMinimum ?? (s.IsExclusiveMinimum ? s.Minimum : null)), (double?)(s.ExclusiveMaximum ?? (s.IsExclusiveMaximum ? s.Maximum : null)));

    protected override bool ReferencesLendDescriptions => true;

    protected override bool NullTextIsNoDefault => true;

    protected override JsonSchema NumberSchema() => new() { Type = JsonObjectType.Number };

    protected override bool FreeFormObjectIsMap => true;

    protected override bool StringsAmongOthersAreOneEnum => true;

    protected override string MergedStringsOrigin(string keyword) => "oneOf of const";

    protected override string VariantsAt(string at, string keyword) => at;

    protected override string VariantAt(string at, int index) => at + "|" + (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A told-apart variant's name from its schema's title, without the words it shares with the union's
    /// (ChatCompletionOutputTextMessage in ChatCompletionOutputMessage is TextMessage); null when that leaves nothing.
    /// </summary>
    private static string? VariantName(string unionName, JsonSchema alternative)
    {
        var title = alternative.Title ?? alternative.ActualSchema.Title;
        if (title is null || !IsIdentifier(title)) return null;
        var common = 0;
        while (common < title.Length && common < unionName.Length && title[common] == unionName[common]) common++;
        while (common > 0 && !char.IsUpper(title[common < title.Length ? common : title.Length - 1])) common--; // back to a word's start
        var rest = title.Substring(common);
        return rest.Length > 0 && char.IsUpper(rest[0]) && rest != title ? rest : null;
    }

    protected override (JsonSchema Target, string At)? ReferenceOf(JsonSchema schema, string at) => schema.Reference is { } target ? (target, at) : null;

    protected override IReadOnlyList<(string Name, JsonSchema Schema)> PropertiesOf(JsonSchema schema) => schema.Properties.Select(p => (p.Key, (JsonSchema)p.Value)).ToList();

    protected override IEnumerable<string> RequiredOf(JsonSchema schema) => schema.RequiredProperties;

    protected override IReadOnlyList<JsonSchema> AllOfOf(JsonSchema schema) => schema.AllOf.ToList();

    protected override IReadOnlyList<JsonSchema> OneOfOf(JsonSchema schema) => schema.OneOf.ToList();

    protected override IReadOnlyList<JsonSchema> AnyOfOf(JsonSchema schema) => schema.AnyOf.ToList();

    protected override bool IsMergeableAlternative(JsonSchema alternative) => (Actual(alternative).Type & ~JsonObjectType.Null) is JsonObjectType.None or JsonObjectType.Object;

    /// <summary>A task schema's notes name the field (payload.messages[]), not the part of the schema that gives it.</summary>
    protected override string PartAt(string at, string keyword, int index) => at;

    protected override string PropertyAt(string at, string name) => at + "." + name;

    /// <summary>The schemas of a task that are referred to more than once: each is generated once, as a definition.</summary>
    private void Share(IEnumerable<JsonSchema> roots)
    {
        _shared.Clear();
        var uses = new Dictionary<JsonSchema, int>(ReferenceEqualityComparer.Instance);
        var seen = new HashSet<JsonSchema>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<JsonSchema>(roots);
        while (pending.Count > 0)
        {
            var schema = pending.Pop();
            if (!seen.Add(schema)) continue;
            if (schema.Reference is { } reference)
            {
                var target = reference.ActualSchema;
                uses[target] = uses.TryGetValue(target, out var n) ? n + 1 : 1;
                pending.Push(target);
            }
            foreach (var child in schema.Properties.Values.Concat(schema.AllOf).Concat(schema.OneOf).Concat(schema.AnyOf).Concat(schema.Items)) pending.Push(child);
            if (schema.Item is { } item) pending.Push(item);
            if (schema.AdditionalPropertiesSchema is { } values) pending.Push(values);
        }
        foreach (var (schema, count) in uses) if (count > 1 && !_common.ContainsKey(schema)) _shared.Add(schema);
    }

    /// <summary>
    /// A reference to a schema the task uses more than once (TGI's tokens, in details, best-of sequences and top
    /// tokens): <c>{ "ref": name }</c>, its definition written once under its name, so that one type serves every use.
    /// </summary>
    private JsonObject? LocalDefinition(JsonSchema schema, string defaultName, string path)
    {
        var target = schema.Reference ?? (schema.AllOf.Count == 1 && schema.Type == JsonObjectType.None ? schema.AllOf.First().Reference : null);
        if (target is null) return null;
        var s = target.ActualSchema;
        if (!_shared.Contains(s)) return null;
        var named = Classify(s) is not SchemaClass.Other;
        if (!named) return null;
        if (!_local.TryGetValue(s, out var key))
        {
            // The name its first use would give it; claimed by the type itself below, so it is not taken twice.
            var title = s.Title;
            key = title is not null && IsIdentifier(title) && !_typeNames.Contains(title) ? title : defaultName;
            while (_typeNames.Contains(key)) key += "Type";
            _local[s] = key;
            _definitions[key] = new JsonObject(); // a reference to it from inside itself ends here
            var prefix = _prefix;
            _prefix = key; // nested types are named after the definition, as the parser names them
            var type = Type(s, key, path);
            _prefix = prefix;
            if (type["ref"] is not null) return type; // it contained itself and was defined on the way
            type.Remove("typeName");
            _definitions[key] = type;
        }
        return new JsonObject { ["ref"] = key };
    }

    /// <summary>
    /// The streamed form, from the task's <c>stream_output.json</c> (the schema of one event): the event type, the
    /// request's boolean <c>stream</c> field the client sets, and how the service ends and reports errors in a stream
    /// (<see cref="InferenceConventions.Stream"/>).
    /// </summary>
    private JsonObject Stream(JsonSchema stream, string task, JsonObject payload)
    {
        var conventions = InferenceConventions.Stream(task);
        var result = new JsonObject { ["description"] = conventions.Description };
        if (payload["stream"] is JsonObject field && field["type"]?.GetValue<string>() == "boolean") result["field"] = "stream";
        if (conventions.Sentinel is { } sentinel) result["sentinel"] = sentinel;
        result["errorField"] = conventions.ErrorField;
        var type = Type(stream, Toolkit.Generator.Naming.Names.ForStream(Pascal(task)).DefaultEventType, "operations." + task + ".stream.event");
        if (type["ref"] is null && type["type"]?.GetValue<string>() != "object")
        {
            throw new ImportException($"{task}/stream_output.json describes {type["type"]}, not an object: a stream's events are objects.");
        }
        if (type["ref"] is null && Text(stream.Description) is { } about) type["description"] = about;
        result["event"] = type;
        return result;
    }

    /// <summary>The spec kind a schema will become, as the naming authority names variants by it.</summary>
    private string? KindText(JsonSchema schema)
    {
        var s = Actual(schema);
        if (s.Enumeration.Count > 0 || s.OneOf.Concat(s.AnyOf).Any(a => StringValues(a) is { Count: 1 })) return "enum";
        if (s.Type.HasFlag(JsonObjectType.Array)) return "array";
        if (s.Type.HasFlag(JsonObjectType.Object) || s.ActualProperties.Count > 0 || s.AllOf.Count > 1) return "object";
        if (s.Type.HasFlag(JsonObjectType.String)) return "string";
        if (s.Type.HasFlag(JsonObjectType.Boolean)) return "boolean";
        if (s.Type.HasFlag(JsonObjectType.Integer)) return "integer";
        return s.Type.HasFlag(JsonObjectType.Number) ? "number" : null;
    }

    /// <summary>Item names from the element rule (<see cref="ItemName"/>): the generator would not make them, so the spec says them.</summary>
    private readonly HashSet<string> _elementNames = new(StringComparer.Ordinal);

    /// <summary>Names generated types from the schema's own title when it is a free C# identifier.</summary>
    private string AddTypeName(JsonObject result, JsonSchema schema, JsonSchema s, string defaultName)
    {
        var title = schema.Title ?? s.Title;
        var name = title is not null && IsIdentifier(title) && !_typeNames.Contains(title) ? title : defaultName;
        while (_typeNames.Contains(name)) name += "Type"; // a stable name from the spec's own words, never a number
        _typeNames.Add(name);
        if (name != defaultName || _elementNames.Contains(defaultName)) result["typeName"] = name;
        return name;
    }

    private static string? Comment(JsonSchema schema)
        => schema.ExtensionData is { } data && data.TryGetValue("comment", out var value) ? value as string : null;

    protected override bool MarkedNullable(JsonSchema schema)
        => schema.IsNullableRaw == true || (schema.ExtensionData is { } data && data.TryGetValue("nullable", out var value) && value is true);

    private static bool IsIdentifier(string name)
        => name.Length > 0 && char.IsLetter(name[0]) && name.All(c => char.IsLetterOrDigit(c) || c == '_');

    internal static string Pascal(string name)
        => string.Concat(name.Split('-', '_', ' ', '.').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1)));
}

/// <summary>A task's schemas: its input and output, and the schema of one streamed event when it has one (<c>stream_output.json</c>).</summary>
internal sealed record TaskSchemas(string Task, JsonSchema Input, JsonSchema Output, JsonSchema? Stream = null);

/// <summary>A task schema the spec format cannot express; the message says why.</summary>
internal sealed class ImportException(string message) : Exception(message);

/// <summary>The imported spec and what the importer had to approximate.</summary>
internal sealed record ImportResult(JsonObject Spec, IReadOnlyList<string> Notes)
{
    /// <summary>The spec as the file <c>toolkit import</c> writes (indented, UTF-8 text unescaped, a final newline).</summary>
    public string ToText()
        => Spec.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
}
