using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>
/// Writes the JSON Schema (draft-07) that a spec's response and error tables define, as compact JSON text.
/// Contract tests validate recordings against it; masks carry <c>"x-toolkit-format": "mask"</c> so that a
/// verifier knows to decode them. Objects stay open (<c>additionalProperties</c> is left out): APIs add fields.
/// </summary>
internal static class JsonSchemaWriter
{
    public const string MaskFormat = "mask";

    /// <summary>The schema of the success body, or null when the body is not JSON.</summary>
    /// <remarks>
    /// The body's own type is written in place; the named types it uses (objects, enums, unions) are written once
    /// each under <c>definitions</c> and referenced with <c>$ref</c>: linear in the spec's size, and recursive types
    /// (a tree's children) terminate.
    /// </remarks>
    /// <summary>
    /// The spec's named types by name, built once per spec and shared by every operation's schemas: building it per
    /// operation made a whole API's generation grow with operations × types.
    /// </summary>
    public sealed class TypeIndex(SpecModel spec)
    {
        public Dictionary<string, ObjectTypeSpec> Objects { get; } = spec.Objects.ToDictionary(o => o.Name, System.StringComparer.Ordinal);
        public Dictionary<string, EnumTypeSpec> Enums { get; } = spec.Enums.ToDictionary(e => e.Name, System.StringComparer.Ordinal);
        public Dictionary<string, UnionTypeSpec> Unions { get; } = spec.Unions.ToDictionary(u => u.Name, System.StringComparer.Ordinal);
    }

    public static string? Response(SpecModel spec, OperationSpec operation, TypeIndex? index = null)
    {
        if (operation.Response.Body.Kind == ValueKind.Binary) return null;
        var writer = new Writer(index ?? new TypeIndex(spec));
        var sb = writer.Output;
        sb.Append("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",");
        var title = spec.Name + " " + spec.Version + " " + operation.Key + " response";
        sb.Append("\"title\":").Append(Json(title)).Append(',');
        writer.WriteTypeBody(operation.Response.Body, nullable: false, minimum: null, maximum: null, inline: true);
        // "single": the wire's one-element array, as sent; another count is what the client refuses, so verify reports it.
        if (operation.Response.Single) sb.Append(",\"minItems\":1,\"maxItems\":1");
        writer.WriteDefinitions();
        return sb.Append('}').ToString();
    }

    /// <summary>
    /// The schema of the JSON request body (the payload object), or null when the payload has no field. Contract
    /// tests read it to tell, by its shape, which of the operations that share a path a recorded request was made to.
    /// </summary>
    public static string? Request(SpecModel spec, OperationSpec operation, TypeIndex? index = null)
    {
        var writer = new Writer(index ?? new TypeIndex(spec));
        if (!writer.Objects.TryGetValue(operation.RequestTypeName, out var payload) || payload.Fields.Count == 0) return null;
        var sb = writer.Output;
        sb.Append("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",");
        sb.Append("\"title\":").Append(Json(spec.Name + " " + spec.Version + " " + operation.Key + " request")).Append(',');
        writer.WriteTypeBody(new TypeRef(ValueKind.Object, operation.RequestTypeName), nullable: false, minimum: null, maximum: null, inline: true);
        writer.WriteDefinitions();
        return sb.Append('}').ToString();
    }

    /// <summary>The schema of one event of a streamed operation, or null when it has none.</summary>
    public static string? Event(SpecModel spec, OperationSpec operation, TypeIndex? index = null)
    {
        if (operation.Stream is not { } stream) return null;
        var writer = new Writer(index ?? new TypeIndex(spec));
        var sb = writer.Output;
        sb.Append("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",");
        sb.Append("\"title\":").Append(Json(spec.Name + " " + spec.Version + " " + operation.Key + " stream event")).Append(',');
        writer.WriteTypeBody(stream.Event, nullable: false, minimum: null, maximum: null, inline: true);
        writer.WriteDefinitions();
        return sb.Append('}').ToString();
    }

    /// <summary>The schema of an error body: the message field is a string or a list of strings.</summary>
    public static string? Error(SpecModel spec)
    {
        if (spec.Errors is not { } errors) return null;
        var sb = new StringBuilder();
        sb.Append("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\",");
        sb.Append("\"required\":[").Append(Json(errors.MessageField)).Append("],\"properties\":{");
        sb.Append(Json(errors.MessageField)).Append(":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"array\",\"items\":{\"type\":\"string\"}}]}");
        if (errors.EstimatedTimeField is { } estimated)
        {
            sb.Append(',').Append(Json(estimated)).Append(":{\"type\":\"number\",\"minimum\":0}");
        }
        return sb.Append("}}").ToString();
    }

    /// <summary>Writes types, collecting the named ones to write once under <c>definitions</c>.</summary>
    private sealed class Writer
    {
        private readonly Dictionary<string, ObjectTypeSpec> _objects;
        private readonly Dictionary<string, EnumTypeSpec> _enums;
        private readonly Dictionary<string, UnionTypeSpec> _unions;
        private readonly List<TypeRef> _pending = new();
        private readonly HashSet<string> _referenced = new(System.StringComparer.Ordinal);

        public Writer(TypeIndex index)
        {
            _objects = index.Objects;
            _enums = index.Enums;
            _unions = index.Unions;
        }

        public StringBuilder Output { get; } = new();

        public Dictionary<string, ObjectTypeSpec> Objects => _objects;

        /// <summary>Appends <c>,"definitions":{...}</c> with every named type referenced so far (and those they reference).</summary>
        public void WriteDefinitions()
        {
            if (_pending.Count == 0) return;
            Output.Append(",\"definitions\":{");
            for (var i = 0; i < _pending.Count; i++) // grows while writing: definitions reference others
            {
                if (i > 0) Output.Append(',');
                Output.Append(Json(_pending[i].Name!)).Append(":{");
                WriteTypeBody(_pending[i], nullable: false, minimum: null, maximum: null, inline: true);
                Output.Append('}');
            }
            Output.Append('}');
        }

        private void Write(TypeRef type, bool nullable, double? minimum, double? maximum)
        {
            Output.Append('{');
            WriteTypeBody(type, nullable, minimum, maximum, inline: false);
            Output.Append('}');
        }

        public void WriteTypeBody(TypeRef type, bool nullable, double? minimum, double? maximum, bool inline)
        {
            var sb = Output;
            if (!inline && type.Kind is ValueKind.Object or ValueKind.Enum or ValueKind.Union)
            {
                if (_referenced.Add(type.Name!)) _pending.Add(type);
                var reference = "{\"$ref\":" + Json("#/definitions/" + type.Name) + "}";
                if (nullable) sb.Append("\"anyOf\":[").Append(reference).Append(",{\"type\":\"null\"}]");
                else sb.Append(reference, 1, reference.Length - 2);
                return;
            }
            string TypeName(string name) => nullable ? "[\"" + name + "\",\"null\"]" : "\"" + name + "\"";
            switch (type.Kind)
            {
                case ValueKind.String:
                    sb.Append("\"type\":").Append(TypeName("string"));
                    break;
                case ValueKind.Number:
                    sb.Append("\"type\":").Append(TypeName("number"));
                    if (minimum is { } min) sb.Append(",\"minimum\":").Append(Number(min));
                    if (maximum is { } max) sb.Append(",\"maximum\":").Append(Number(max));
                    break;
                case ValueKind.Integer:
                case ValueKind.Long:
                case ValueKind.ULong:
                    // Always the range the reader accepts (the integer policy), as exact digits: a value it refuses is out of range here too.
                    var (low, high) = IntegerFormats.Effective(type, minimum, maximum);
                    sb.Append("\"type\":").Append(TypeName("integer")).Append(",\"minimum\":").Append(low).Append(",\"maximum\":").Append(high);
                    break;
                case ValueKind.DateTime:
                    sb.Append("\"type\":").Append(TypeName("string")).Append(",\"format\":\"date-time\"");
                    break;
                case ValueKind.Uuid:
                    sb.Append("\"type\":").Append(TypeName("string")).Append(",\"format\":\"uuid\"");
                    break;
                case ValueKind.Boolean:
                    sb.Append("\"type\":").Append(TypeName("boolean"));
                    break;
                case ValueKind.Binary:
                    sb.Append("\"type\":").Append(TypeName("string")).Append(",\"contentEncoding\":\"base64\"");
                    break;
                case ValueKind.Mask:
                    sb.Append("\"type\":").Append(TypeName("string"))
                      .Append(",\"contentEncoding\":\"base64\",\"contentMediaType\":\"image/png\",\"x-toolkit-format\":\"").Append(MaskFormat).Append('"');
                    break;
                case ValueKind.Enum:
                    var e = _enums[type.Name!];
                    sb.Append("\"type\":").Append(TypeName("string")).Append(",\"enum\":[");
                    sb.Append(string.Join(",", e.Values.Select(v => Json(v.WireName))));
                    if (nullable) sb.Append(",null");
                    sb.Append(']');
                    break;
                case ValueKind.Array:
                    sb.Append("\"type\":").Append(TypeName("array")).Append(",\"items\":");
                    Write(type.Item!, nullable: false, null, null);
                    break;
                case ValueKind.Map:
                    sb.Append("\"type\":").Append(TypeName("object")).Append(",\"additionalProperties\":");
                    Write(type.Item!, nullable: false, null, null);
                    break;
                case ValueKind.Json:
                    // Any value: the empty schema.
                    break;
                case ValueKind.Union:
                    var u = _unions[type.Name!];
                    sb.Append("\"anyOf\":[");
                    for (var i = 0; i < u.Variants.Count; i++)
                    {
                        if (i > 0) sb.Append(',');
                        Write(u.Variants[i].Type, nullable: false, null, null);
                    }
                    if (nullable) sb.Append(",{\"type\":\"null\"}");
                    sb.Append(']');
                    break;
                default:
                    var o = _objects[type.Name!];
                    sb.Append("\"type\":").Append(TypeName("object"));
                    var required = o.Fields.Where(f => f.Required).Select(f => Json(f.WireName)).ToList();
                    if (required.Count > 0) sb.Append(",\"required\":[").Append(string.Join(",", required)).Append(']');
                    sb.Append(",\"properties\":{");
                    var first = true;
                    foreach (var field in o.Fields)
                    {
                        if (!first) sb.Append(',');
                        first = false;
                        sb.Append(Json(field.WireName)).Append(':');
                        Write(field.Type, field.Nullable, field.Minimum, field.Maximum);
                    }
                    sb.Append('}');
                    break;
            }
        }
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A JSON string literal.</summary>
    public static string Json(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
