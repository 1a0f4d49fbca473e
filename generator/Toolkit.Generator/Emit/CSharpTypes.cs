using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>How spec types map to C# types in generated code. Always fully qualified: users' usings never matter.</summary>
internal static class CSharpTypes
{
    public const string Mask = "global::Toolkit.Runtime.Masks.EncodedMask";
    public const string Bytes = "global::System.ReadOnlyMemory<byte>";

    public static string Of(TypeRef type, string ns) => type.Kind switch
    {
        ValueKind.String => "string",
        ValueKind.Number => "double",
        ValueKind.Integer => "int",
        ValueKind.Long => "long",
        ValueKind.ULong => "ulong",
        ValueKind.DateTime => "global::System.DateTimeOffset",
        ValueKind.Uuid => "global::System.Guid",
        ValueKind.Boolean => "bool",
        ValueKind.Binary => Bytes,
        ValueKind.Mask => Mask,
        ValueKind.Enum or ValueKind.Object or ValueKind.Union => "global::" + ns + "." + type.Name,
        ValueKind.Json => Json,
        ValueKind.Map => "global::System.Collections.Generic.IReadOnlyDictionary<string, " + Of(type.Item!, ns) + ">",
        _ => "global::System.Collections.Generic.IReadOnlyList<" + Of(type.Item!, ns) + ">",
    };

    public const string Json = "global::System.Text.Json.JsonElement";

    public static bool IsValueType(TypeRef type)
        => type.Kind is ValueKind.Number or ValueKind.Integer or ValueKind.Long or ValueKind.ULong or ValueKind.DateTime or ValueKind.Uuid or ValueKind.Boolean or ValueKind.Binary or ValueKind.Enum or ValueKind.Json;

    /// <summary>
    /// The property type: optional or nullable fields are C# nullable; required binary stays a plain
    /// <c>ReadOnlyMemory&lt;byte&gt;</c>, whose emptiness the validator reports.
    /// </summary>
    public static string OfField(FieldSpec field, string ns)
        => Of(field.Type, ns) + (field.Required && !field.Nullable ? "" : "?");

    /// <summary>How a message names what the spec expects, e.g. "a number".</summary>
    public static string Expected(TypeRef type) => type.Kind switch
    {
        ValueKind.String => "a string",
        ValueKind.Number => "a number",
        ValueKind.Integer or ValueKind.Long or ValueKind.ULong => IntegerFormats.Expected(type),
        ValueKind.DateTime => "an RFC 3339 date-time string",
        ValueKind.Uuid => "a UUID string",
        ValueKind.Boolean => "true or false",
        ValueKind.Binary => "a base64 string",
        ValueKind.Mask => "a base64 PNG string",
        ValueKind.Enum => "a string",
        ValueKind.Object or ValueKind.Map => "an object",
        ValueKind.Json => "a JSON value",
        ValueKind.Union => "one of the union's shapes",
        _ => "an array",
    };
}
