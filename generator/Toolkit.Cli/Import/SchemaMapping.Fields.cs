using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Toolkit.Cli.Import;

internal abstract partial class SchemaMapping<TSchema>
{
    /// <summary>The schema's documented default as JSON; null when it has none (or documents JSON null).</summary>
    protected abstract JsonNode? DefaultOf(TSchema schema);

    protected abstract string? DescriptionOf(TSchema schema);

    /// <summary>The schema's bounds: inclusive, and exclusive (draft 4's flags already read as the bound they flag).</summary>
    protected abstract (double? Minimum, double? Maximum, double? ExclusiveMinimum, double? ExclusiveMaximum) BoundsOf(TSchema schema);

    /// <summary>
    /// Whether a field that refers to a named type takes that type's description when it has none of its own (task
    /// schemas: yes, as their fields always did; OpenAPI: no, the type's description is the type's).
    /// </summary>
    protected virtual bool ReferencesLendDescriptions => false;

    /// <summary>
    /// Whether a string field's default written as the text <c>"null"</c> means JSON null, so no default (task schemas:
    /// TGI's generated schemas write <c>"default": "null"</c> for an absent <c>Option</c>). OpenAPI imports keep the text,
    /// as they always did, for TGI's documents too: the two sources still differ here (see the CLI README).
    /// </summary>
    protected virtual bool NullTextIsNoDefault => false;

    /// <summary>A field of an object (or the payload) around its type: required, nullable, its documented default, bounds and description.</summary>
    protected JsonObject FieldOf(TSchema property, JsonObject field, bool required, bool nullable, string at)
    {
        if (required) field["required"] = true;
        if (nullable) field["nullable"] = true;
        var resolved = Resolved(property);
        var kind = field["type"]?.GetValue<string>();
        var isRef = field.ContainsKey("ref");
        // A null default (or "null" for a non-string) says the field is absent by default: nothing to document.
        if ((DefaultOf(property) ?? DefaultOf(resolved)) is { } documented
            && Coerce(documented, kind ?? (EnumOf(resolved) is { Count: > 0 } ? "enum" : null), NullTextIsNoDefault) is { } value)
        {
            var fits = value.GetValueKind() != JsonValueKind.Null
                       && (isRef ? value.GetValueKind() == JsonValueKind.String && EnumOf(resolved) is { Count: > 0 } e && e.Any(v => v is JsonValue ev && ev.GetValueKind() == JsonValueKind.String && ev.GetValue<string>() == value.GetValue<string>())
                                 : DefaultFits(value, field));
            if (fits) field["default"] = value.DeepClone();
            else if (value.GetValueKind() != JsonValueKind.Null && !(value is JsonValue t && t.TryGetValue<string>(out var nullText) && nullText == "null"))
            {
                Note(at, "default", $"default {value.ToJsonString()} does not fit the imported type ({kind ?? "a reference"}); left out.");
            }
        }
        if (kind is "number" or "integer" && !isRef) Bounds(ReferenceOf(property, at) is not null ? resolved : property, field, kind, at);
        var description = Text(DescriptionOf(property)) ?? (isRef && !ReferencesLendDescriptions ? null : Text(DescriptionOf(resolved)));
        if (description is not null && !field.ContainsKey("description")) field["description"] = description;
        return field;
    }

    /// <summary>
    /// Inclusive bounds, as the spec format has: an integer's exclusive bound is exact (n + 1, n - 1); a number's is
    /// kept inclusive, and said so. Bounds that no value fits are left out, and said so.
    /// </summary>
    private void Bounds(TSchema schema, JsonObject field, string kind, string at)
    {
        var (minimum, maximum, exclusiveMin, exclusiveMax) = BoundsOf(schema);
        if (exclusiveMin is { } low)
        {
            var bound = kind == "integer" && low == Math.Floor(low) ? low + 1 : low;
            minimum = minimum is { } inclusive ? Math.Max(inclusive, bound) : bound;
            if (kind != "integer") Note(at, "exclusiveMinimum", $"exclusive minimum {Format(low)} checked as inclusive (the spec format has inclusive bounds).");
        }
        if (exclusiveMax is { } high)
        {
            var bound = kind == "integer" && high == Math.Floor(high) ? high - 1 : high;
            maximum = maximum is { } inclusive ? Math.Min(inclusive, bound) : bound;
            if (kind != "integer") Note(at, "exclusiveMaximum", $"exclusive maximum {Format(high)} checked as inclusive (the spec format has inclusive bounds).");
        }
        if (minimum is { } min && maximum is { } max && min > max)
        {
            Note(at, null, $"minimum {Format(min)} is above maximum {Format(max)}: no value fits; bounds left out.");
            return;
        }
        if (minimum is { } lowest) field["minimum"] = JsonValue.Create(lowest);
        if (maximum is { } highest) field["maximum"] = JsonValue.Create(highest);
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// A default as the JSON value it means: schemas write <c>"default": "true"</c> for a boolean (TEI and Hugging Face
    /// task schemas do), and readers hand some defaults over as text.
    /// </summary>
    private static JsonNode? Coerce(JsonNode value, string? kind, bool nullTextIsNull)
    {
        if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String) return value;
        var text = v.GetValue<string>();
        switch (kind)
        {
            case "boolean" when text is "true" or "false": return JsonValue.Create(text == "true");
            case "integer" when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole): return JsonValue.Create(whole);
            case "number" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !double.IsInfinity(number): return JsonValue.Create(number);
            default: return text == "null" && (kind is not ("string" or "enum") || nullTextIsNull) ? null : value;
        }
    }

    /// <summary>Whether a documented default is a value of the imported type (the generator checks the same).</summary>
    private static bool DefaultFits(JsonNode value, JsonObject field)
    {
        var kind = value.GetValueKind();
        switch (field["type"]?.GetValue<string>())
        {
            case "string": return kind == JsonValueKind.String && field["format"] is null;
            case "boolean": return kind is JsonValueKind.True or JsonValueKind.False;
            case "number": return kind == JsonValueKind.Number;
            case "integer":
                if (kind != JsonValueKind.Number || !decimal.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) return false;
                return field["format"]?.GetValue<string>() switch
                {
                    "int32" => whole is >= int.MinValue and <= int.MaxValue,
                    "uint32" => whole is >= 0 and <= uint.MaxValue,
                    "uint64" => whole is >= 0 and <= ulong.MaxValue,
                    _ => whole is >= long.MinValue and <= long.MaxValue,
                };
            case "enum":
                return kind == JsonValueKind.String && field["values"] is JsonArray values
                    && values.Any(v => v is JsonValue s && s.GetValue<string>() == value.GetValue<string>());
            default: return false; // objects, arrays, references: a default there is documentation, not a checked value
        }
    }

    /// <summary>Descriptions trimmed; empty ones are none.</summary>
    internal static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
}
