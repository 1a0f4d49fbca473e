using System;
using System.Linq;
using System.Text.Json.Nodes;
using Toolkit.Generator.Model;

namespace Toolkit.Cli.Tests.Import;

/// <summary>A request in JSON with every field of an imported spec set, built from our spec model (not from the original schema).</summary>
internal static class SampleRequests
{
    public static JsonNode Build(SpecModel spec) => Object(spec, spec.Objects.First(o => o.Name == spec.Operations[0].RequestTypeName), 0);

    private static JsonObject Object(SpecModel spec, ObjectTypeSpec type, int depth)
    {
        var result = new JsonObject();
        foreach (var field in type.Fields)
        {
            if (depth > 6 && !field.Required) continue;
            result[field.WireName] = Value(spec, field.Type, field.Minimum, field.Maximum, depth + 1);
        }
        return result;
    }

    private static JsonNode? Value(SpecModel spec, TypeRef type, double? min, double? max, int depth) => type.Kind switch
    {
        ValueKind.String => "sample text",
        // Inside the bounds, not on them: a bound the importer keeps inclusive may be exclusive in the schema.
        ValueKind.Number => (min, max) switch { ({ } lo, { } hi) => (lo + hi) / 2, ({ } lo, null) => lo + 0.5, (null, { } hi) => hi - 0.5, _ => 0.5 },
        ValueKind.Integer or ValueKind.Long or ValueKind.ULong => (long)(min ?? (max is { } m && m < 1 ? m : 1)),
        ValueKind.Boolean => true,
        ValueKind.Binary => Convert.ToBase64String(new byte[] { 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a }),
        ValueKind.Mask => Convert.ToBase64String(new byte[] { 0x89, 0x50, 0x4e, 0x47 }),
        ValueKind.Enum => spec.Enums.First(e => e.Name == type.Name).Values[0].WireName,
        ValueKind.Object => Object(spec, spec.Objects.First(o => o.Name == type.Name), depth),
        ValueKind.Array => new JsonArray(Value(spec, type.Item!, null, null, depth)),
        ValueKind.Map => new JsonObject { ["key"] = Value(spec, type.Item!, null, null, depth) },
        ValueKind.Union => Value(spec, spec.Unions.First(u => u.Name == type.Name).Variants.Last().Type, null, null, depth),
        _ => new JsonObject { ["any"] = 1 },
    };
}
