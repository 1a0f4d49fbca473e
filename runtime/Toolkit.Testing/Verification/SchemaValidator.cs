using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace Toolkit.Testing.Verification;

/// <summary>
/// Validates JSON against a JSON Schema (draft-07, the subset a spec compiles to: type, enum, const, numeric bounds,
/// lengths, items, properties, required, additionalProperties, anyOf/oneOf/allOf, local $ref) with the standard's
/// semantics and nothing more: a keyword applies only to the values it is about (<c>required</c> to objects, bounds
/// to numbers), <c>1.0</c> is an integer, <c>null</c> is a value only where the type allows it. Each fault is one
/// <see cref="SchemaFault"/> at its JSON Pointer; an <c>anyOf</c> no alternative takes is one fault at its own place,
/// unless exactly one alternative has the value's shape (its faults all lie inside the value): then those faults.
/// A keyword it does not know is refused when the schema is read, so that it is never silently less strict.
/// </summary>
internal sealed class SchemaValidator
{
    /// <summary>Marks a string holding a PNG mask, base64-encoded (<c>x-toolkit-format</c>).</summary>
    public const string MaskFormat = "mask";

    /// <summary>What a closed-object check expects where a member the schema does not name is found.</summary>
    public const string NoSuchMember = "no such member";

    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal)
    {
        "$schema", "$id", "$comment", "title", "description", "default", "examples", "readOnly", "writeOnly", "deprecated",
        "contentMediaType", "definitions", "$defs",
    };

    private readonly Node _root;

    /// <summary>Reads a schema; throws <see cref="NotSupportedException"/> for a keyword it cannot check.</summary>
    public SchemaValidator(string schemaJson)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        using var document = JsonDocument.Parse(schemaJson, new JsonDocumentOptions { MaxDepth = 512 });
        var root = document.RootElement.Clone();
        _root = new Reader(root).Read(root, "#");
    }

    /// <summary>Every fault of <paramref name="value"/>, in document order, and each mask the schema marks (to decode).</summary>
    public List<SchemaFault> Validate(JsonElement value, List<(string Pointer, string Base64)>? masks = null) => Validate(value, closedObjects: false, masks);

    /// <summary>
    /// As <see cref="Validate(JsonElement, List{ValueTuple{string, string}}?)"/>; with <paramref name="closedObjects"/>, a
    /// member an object's schema does not name is a fault too (what a client writing only the schema's members would never send).
    /// </summary>
    /// <remarks>With <paramref name="encodings"/>, a string whose <c>contentEncoding</c> is base64 must decode (an annotation to JSON Schema, a hint to routing).</remarks>
    public List<SchemaFault> Validate(JsonElement value, bool closedObjects, List<(string Pointer, string Base64)>? masks = null, bool encodings = false)
    {
        var faults = new List<SchemaFault>();
        var path = new List<string>();
        new Walk(closedObjects, encodings).Check(_root, value, path, faults, masks);
        return faults;
    }

    private sealed class Walk(bool closed, bool encodings)
    {
    public void Check(Node schema, JsonElement value, List<string> path, List<SchemaFault> faults, List<(string, string)>? masks)
    {
        schema = schema.Resolved;
        if (schema.Never)
        {
            faults.Add(new SchemaFault(FaultKind.WrongType, Pointer(path), "nothing (the schema allows no value)", value));
            return;
        }
        var kind = value.ValueKind;
        if (schema.Types is { } types && !types.Any(t => Is(value, t)))
        {
            faults.Add(new SchemaFault(kind == JsonValueKind.Null ? FaultKind.UnexpectedNull : FaultKind.WrongType, Pointer(path), Describe(types), value));
            return; // the other keywords of a value of the wrong type say nothing more
        }
        if (schema.Enum is { } values && !values.Any(v => Same(v, value)))
        {
            faults.Add(new SchemaFault(kind == JsonValueKind.Null ? FaultKind.UnexpectedNull : FaultKind.NotInEnum, Pointer(path),
                "one of " + string.Join(", ", values.Select(v => v.GetRawText())), value));
        }
        if (schema.Const is { } constant && !Same(constant, value))
        {
            faults.Add(new SchemaFault(kind == JsonValueKind.Null ? FaultKind.UnexpectedNull : FaultKind.NotInEnum, Pointer(path), constant.GetRawText(), value));
        }
        switch (kind)
        {
            case JsonValueKind.Number:
                CheckNumber(schema, value, path, faults);
                break;
            case JsonValueKind.String:
                CheckString(schema, value, path, faults, masks);
                if (encodings && schema.Base64 && Text(value) is { } encoded && !IsBase64(encoded)) faults.Add(new SchemaFault(FaultKind.WrongType, Pointer(path), "base64 text", value));
                break;
            case JsonValueKind.Array:
                if (schema.MinItems is { } minItems && value.GetArrayLength() < minItems) faults.Add(new SchemaFault(FaultKind.OutOfRange, Pointer(path), $"at least {minItems} item(s)", value));
                if (schema.MaxItems is { } maxItems && value.GetArrayLength() > maxItems) faults.Add(new SchemaFault(FaultKind.OutOfRange, Pointer(path), $"at most {maxItems} item(s)", value));
                if (schema.Items is { } items)
                {
                    var i = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        path.Add(i++.ToString(CultureInfo.InvariantCulture));
                        Check(items, item, path, faults, masks);
                        path.RemoveAt(path.Count - 1);
                    }
                }
                break;
            case JsonValueKind.Object:
                foreach (var name in schema.Required)
                {
                    if (!value.TryGetProperty(name, out _)) faults.Add(new SchemaFault(FaultKind.MissingField, Pointer(path, name), "a value (required)", null));
                }
                foreach (var member in value.EnumerateObject())
                {
                    if (Name(member) is not { } name) continue;
                    var memberSchema = schema.Properties.TryGetValue(name, out var declared) ? declared : schema.AdditionalProperties;
                    if (memberSchema is null)
                    {
                        if (closed && schema.Properties.Count > 0) faults.Add(new SchemaFault(FaultKind.WrongType, Pointer(path, name), NoSuchMember, member.Value));
                        continue;
                    }
                    path.Add(name);
                    Check(memberSchema, member.Value, path, faults, masks);
                    path.RemoveAt(path.Count - 1);
                }
                break;
        }
        foreach (var part in schema.AllOf) Check(part, value, path, faults, masks);
        if (schema.AnyOf.Count > 0) CheckAlternatives(schema, schema.AnyOf, exactlyOne: false, value, path, faults, masks);
        if (schema.OneOf.Count > 0) CheckAlternatives(schema, schema.OneOf, exactlyOne: true, value, path, faults, masks);
    }

    /// <summary>anyOf / oneOf: the value must fit one alternative (oneOf: exactly one); the masks of the one taken are checked.</summary>
    private void CheckAlternatives(Node schema, List<Node> alternatives, bool exactlyOne, JsonElement value, List<string> path, List<SchemaFault> faults, List<(string, string)>? masks)
    {
        List<(string, string)>? taken = null;
        var fits = 0;
        var here = Pointer(path);
        List<SchemaFault>? inside = null;
        var shapedAlike = 0;
        foreach (var alternative in alternatives)
        {
            var own = new List<SchemaFault>();
            var ownMasks = masks is null ? null : new List<(string, string)>();
            Check(alternative, value, path, own, ownMasks);
            if (own.Count > 0)
            {
                // An alternative whose faults all lie inside the value has the value's shape (a nullable object that
                // is an object): when it is the only one, its faults say more than "none of the shapes".
                if (own.All(f => f.Pointer.Length > here.Length && f.Pointer.StartsWith(here + "/", StringComparison.Ordinal)))
                {
                    shapedAlike++;
                    inside = own;
                }
                continue;
            }
            fits++;
            taken ??= ownMasks;
        }
        if (fits == 0 && shapedAlike == 1)
        {
            faults.AddRange(inside!);
            return;
        }
        if (fits == 0 || (exactlyOne && fits > 1))
        {
            var expected = fits == 0 ? DescribeAlternatives(alternatives) : $"exactly one of {alternatives.Count} shapes, not {fits}";
            faults.Add(new SchemaFault(value.ValueKind == JsonValueKind.Null && fits == 0 ? FaultKind.UnexpectedNull : FaultKind.WrongType, Pointer(path), expected, value));
            return;
        }
        if (taken is not null) masks!.AddRange(taken);
    }
    }

    private static void CheckNumber(Node schema, JsonElement value, List<string> path, List<SchemaFault> faults)
    {
        if (schema.Minimum is { } min && Compare(value, min) < 0) faults.Add(new SchemaFault(FaultKind.OutOfRange, Pointer(path), "at least " + min.GetRawText(), value));
        if (schema.Maximum is { } max && Compare(value, max) > 0) faults.Add(new SchemaFault(FaultKind.OutOfRange, Pointer(path), "at most " + max.GetRawText(), value));
        if (schema.ExclusiveMinimum is { } emin && Compare(value, emin) <= 0) faults.Add(new SchemaFault(FaultKind.OutOfRange, Pointer(path), "more than " + emin.GetRawText(), value));
        if (schema.ExclusiveMaximum is { } emax && Compare(value, emax) >= 0) faults.Add(new SchemaFault(FaultKind.OutOfRange, Pointer(path), "less than " + emax.GetRawText(), value));
    }

    /// <summary>
    /// Compares two JSON numbers exactly where decimal holds them (every 64-bit integer: 2^64 is above a uint64's
    /// bound, which doubles round to the same value), else as doubles (a literal beyond them as ±infinity).
    /// </summary>
    private static int Compare(JsonElement a, JsonElement b)
        => a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y) ? x.CompareTo(y) : ToDouble(a).CompareTo(ToDouble(b));

    private static void CheckString(Node schema, JsonElement value, List<string> path, List<SchemaFault> faults, List<(string, string)>? masks)
    {
        // A string with an unpaired surrogate escape (\ud800) is still a string; the generated reader judges it.
        if (Text(value) is not { } text) return;
        if (schema.MinLength is { } minLength && Length(text) < minLength) faults.Add(new SchemaFault(FaultKind.OutOfRange, Pointer(path), $"at least {minLength} character(s)", value));
        if (schema.MaxLength is { } maxLength && Length(text) > maxLength) faults.Add(new SchemaFault(FaultKind.OutOfRange, Pointer(path), $"at most {maxLength} character(s)", value));
        switch (schema.Format)
        {
            case "date-time" when !IsDateTime(text):
                faults.Add(new SchemaFault(FaultKind.WrongType, Pointer(path), "a date-time (RFC 3339)", value));
                break;
            case "uuid" when !Guid.TryParseExact(text, "D", out _):
                faults.Add(new SchemaFault(FaultKind.WrongType, Pointer(path), "a UUID", value));
                break;
        }
        if (schema.Mask && masks is not null) masks.Add((Pointer(path), text));
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    /// <summary>The number as a double; a literal beyond its range as ±infinity, which every finite bound catches.</summary>
    private static double ToDouble(JsonElement value)
    {
        if (value.TryGetDouble(out var x)) return x;
        var raw = value.GetRawText();
        var e = raw.IndexOfAny(new[] { 'e', 'E' });
        if (e >= 0 && e + 1 < raw.Length && raw[e + 1] == '-') return 0; // too small for a double
        return raw.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
    }

    /// <summary>JSON Schema counts characters as code points.</summary>
    private static int Length(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            count++;
        }
        return count;
    }

    private static bool IsDateTime(string text)
        => text.Length >= 20 && (text[10] is 'T' or 't') && (text[^1] is 'Z' or 'z' || text[^6] is '+' or '-')
           && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _);

    private static bool Is(JsonElement value, string type) => type switch
    {
        "null" => value.ValueKind == JsonValueKind.Null,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && IsInteger(value),
        _ => false,
    };

    /// <summary>A string's text, or null when it holds an unpaired surrogate escape, which no .NET string can carry.</summary>
    internal static string? Text(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Name(JsonProperty member)
    {
        try
        {
            return member.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>JSON equality: numbers by value (<c>1</c> is <c>1.0</c>), objects whatever their members' order.</summary>
    private static bool Same(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind) return false;
        switch (a.ValueKind)
        {
            case JsonValueKind.Number:
                return a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y) ? x == y : ToDouble(a) == ToDouble(b);
            case JsonValueKind.String:
                return Text(b) is { } text ? a.ValueEquals(text) : a.GetRawText() == b.GetRawText();
            case JsonValueKind.Array:
                if (a.GetArrayLength() != b.GetArrayLength()) return false;
                using (var left = a.EnumerateArray().GetEnumerator())
                using (var right = b.EnumerateArray().GetEnumerator())
                {
                    while (left.MoveNext() && right.MoveNext())
                    {
                        if (!Same(left.Current, right.Current)) return false;
                    }
                }
                return true;
            case JsonValueKind.Object:
                var count = 0;
                foreach (var member in a.EnumerateObject())
                {
                    count++;
                    if (Name(member) is not { } name || !b.TryGetProperty(name, out var other) || !Same(member.Value, other)) return false;
                }
                return count == b.EnumerateObject().Count();
            default:
                return true;
        }
    }

    /// <summary>A number with no fractional part, however it is written (<c>1</c>, <c>1.0</c>, <c>1e3</c>).</summary>
    private static bool IsInteger(JsonElement value)
    {
        if (value.TryGetInt64(out _)) return true;
        if (value.TryGetDecimal(out var d)) return decimal.Truncate(d) == d;
        var x = ToDouble(value);
        return !double.IsFinite(x) || Math.Floor(x) == x; // beyond a double's range every number is a whole one
    }

    internal static string Describe(IReadOnlyList<string> types) => string.Join(" or ", types.Select(t => t switch
    {
        "string" => "a string",
        "number" => "a number",
        "integer" => "an integer",
        "boolean" => "true or false",
        "object" => "an object",
        "array" => "an array",
        "null" => "null",
        _ => t,
    }));

    private static string DescribeAlternatives(List<Node> alternatives)
        => string.Join(" or ", alternatives.Select(a => a.Resolved).Select(a => a.Types is { } t
            ? t.Count == 1 && t[0] == "array" && a.Items?.Resolved.Types is { Count: 1 } item ? "a list of " + Describe(item)[2..] + "s" : Describe(t)
            : "another shape"));

    /// <summary>A bound as the schema writes it (a number, or the reader refuses the schema).</summary>
    private static JsonElement Bound(JsonElement value)
        => value.ValueKind == JsonValueKind.Number ? value.Clone() : throw new NotSupportedException("a bound is a number, found " + value.ValueKind + ".");

    private static string Pointer(List<string> path, string? last = null)
    {
        if (path.Count == 0 && last is null) return "";
        var sb = new System.Text.StringBuilder();
        foreach (var segment in path) sb.Append('/').Append(JsonPointers.Escape(segment));
        if (last is not null) sb.Append('/').Append(JsonPointers.Escape(last));
        return sb.ToString();
    }

    /// <summary>One schema, read once; <c>$ref</c>s point at the node they name (cycles allowed).</summary>
    private sealed class Node
    {
        public Node? Reference { get; set; }

        public Node Resolved
        {
            get
            {
                var node = this;
                for (var hops = 0; node.Reference is { } next; hops++)
                {
                    if (hops > 64) throw new NotSupportedException("A $ref chain longer than 64 (a cycle of references with nothing between them).");
                    node = next;
                }
                return node;
            }
        }

        public bool Never { get; set; }
        public List<string>? Types { get; set; }
        public List<JsonElement>? Enum { get; set; }
        public JsonElement? Const { get; set; }
        public JsonElement? Minimum { get; set; }
        public JsonElement? Maximum { get; set; }
        public JsonElement? ExclusiveMinimum { get; set; }
        public JsonElement? ExclusiveMaximum { get; set; }
        public int? MinLength { get; set; }
        public int? MaxLength { get; set; }
        public int? MinItems { get; set; }
        public int? MaxItems { get; set; }
        public string? Format { get; set; }
        public bool Mask { get; set; }
        public bool Base64 { get; set; }
        public Node? Items { get; set; }
        public Dictionary<string, Node> Properties { get; } = new(StringComparer.Ordinal);
        public List<string> Required { get; } = new();
        public Node? AdditionalProperties { get; set; }
        public List<Node> AllOf { get; } = new();
        public List<Node> AnyOf { get; } = new();
        public List<Node> OneOf { get; } = new();
    }

    private sealed class Reader(JsonElement root)
    {
        private readonly Dictionary<string, Node> _byPointer = new(StringComparer.Ordinal);

        public Node Read(JsonElement schema, string at)
        {
            if (_byPointer.TryGetValue(at, out var known)) return known;
            var node = new Node();
            _byPointer[at] = node;
            if (schema.ValueKind is JsonValueKind.True) return node;
            if (schema.ValueKind is JsonValueKind.False)
            {
                node.Never = true;
                return node;
            }
            if (schema.ValueKind != JsonValueKind.Object) throw new NotSupportedException($"{at}: a schema is an object or a boolean.");
            foreach (var keyword in schema.EnumerateObject())
            {
                var value = keyword.Value;
                var here = at + "/" + JsonPointers.Escape(keyword.Name);
                switch (keyword.Name)
                {
                    case "$ref":
                        node.Reference = Resolve(value.GetString() ?? "", at);
                        break;
                    case "type":
                        node.Types = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(t => t.GetString()!).ToList() : new List<string> { value.GetString()! };
                        break;
                    case "enum":
                        node.Enum = value.EnumerateArray().Select(v => v.Clone()).ToList();
                        break;
                    case "const":
                        node.Const = value.Clone();
                        break;
                    case "minimum": node.Minimum = Bound(value); break;
                    case "maximum": node.Maximum = Bound(value); break;
                    case "exclusiveMinimum": node.ExclusiveMinimum = Bound(value); break;
                    case "exclusiveMaximum": node.ExclusiveMaximum = Bound(value); break;
                    case "minLength": node.MinLength = value.GetInt32(); break;
                    case "maxLength": node.MaxLength = value.GetInt32(); break;
                    case "minItems": node.MinItems = value.GetInt32(); break;
                    case "maxItems": node.MaxItems = value.GetInt32(); break;
                    case "format":
                        node.Format = value.GetString();
                        break;
                    case "contentEncoding":
                        node.Base64 = value.ValueKind == JsonValueKind.String && value.GetString() == "base64";
                        break;
                    case "x-toolkit-format":
                        node.Mask = value.ValueKind == JsonValueKind.String && value.GetString() == MaskFormat;
                        break;
                    case "items":
                        if (value.ValueKind == JsonValueKind.Array) throw new NotSupportedException($"{here}: tuple items are not supported.");
                        node.Items = Read(value, here);
                        break;
                    case "properties":
                        foreach (var p in value.EnumerateObject()) node.Properties[p.Name] = Read(p.Value, here + "/" + JsonPointers.Escape(p.Name));
                        break;
                    case "required":
                        node.Required.AddRange(value.EnumerateArray().Select(r => r.GetString()!));
                        break;
                    case "additionalProperties":
                        node.AdditionalProperties = Read(value, here);
                        break;
                    case "allOf" or "anyOf" or "oneOf":
                        var list = keyword.Name == "allOf" ? node.AllOf : keyword.Name == "anyOf" ? node.AnyOf : node.OneOf;
                        var i = 0;
                        foreach (var part in value.EnumerateArray()) list.Add(Read(part, here + "/" + (i++).ToString(CultureInfo.InvariantCulture)));
                        break;
                    default:
                        if (!Annotations.Contains(keyword.Name) && !keyword.Name.StartsWith("x-", StringComparison.Ordinal))
                        {
                            throw new NotSupportedException($"{here}: the contract verifier does not check the JSON Schema keyword '{keyword.Name}'.");
                        }
                        break;
                }
            }
            return node;
        }

        private Node Resolve(string reference, string at)
        {
            if (!reference.StartsWith('#')) throw new NotSupportedException($"{at}: only local $refs are supported, not '{reference}'.");
            var pointer = Uri.UnescapeDataString(reference);
            if (_byPointer.TryGetValue(pointer, out var known)) return known;
            var target = root;
            foreach (var raw in pointer.Substring(1).Split('/').Skip(1))
            {
                var segment = raw.Replace("~1", "/").Replace("~0", "~");
                if (target.ValueKind != JsonValueKind.Object || !target.TryGetProperty(segment, out target))
                {
                    throw new NotSupportedException($"{at}: $ref '{reference}' points at nothing.");
                }
            }
            return Read(target, pointer);
        }
    }
}

/// <summary>What a value gets wrong about its schema.</summary>
internal enum FaultKind
{
    WrongType,
    UnexpectedNull,
    MissingField,
    NotInEnum,
    OutOfRange,
}

/// <summary>One fault: its kind, JSON Pointer, what the schema wants and the value found (null when absent).</summary>
internal sealed record SchemaFault(FaultKind Kind, string Pointer, string Expected, JsonElement? Actual);
