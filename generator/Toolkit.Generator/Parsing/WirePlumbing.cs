using System.Collections.Generic;
using System.Linq;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Parsing;

/// <summary>
/// Finds the request fields that are wire plumbing (<see cref="WireFill"/>), so that the public surface offers what a
/// caller decides and the client fills the rest: the operation's <c>stream.field</c> (the streamed method sets it,
/// the whole one leaves it out), and an optional string body field named as one of the operation's path parameters
/// (the OpenAI-style <c>"model"</c> beside <c>/models/{model}/...</c>: the path's value is sent in it). Only optional
/// fields: a required one stays a property the caller sets (C# allows no internal <c>required</c> member on a public type).
/// </summary>
internal static class WirePlumbing
{
    public static ObjectTypeSpec Mark(ObjectTypeSpec payload, string? streamField, IEnumerable<PathParameterSpec> pathParameters, bool jsonBody)
    {
        var path = new HashSet<string>(pathParameters.Where(p => p.ParameterName is not null).Select(p => p.Name), System.StringComparer.Ordinal);
        var changed = false;
        var fields = payload.Fields.Select(f =>
        {
            var fill = f.Required ? WireFill.None
                : f.WireName == streamField && f.Type.Kind == ValueKind.Boolean ? WireFill.StreamFlag
                : jsonBody && f.Type.Kind == ValueKind.String && path.Contains(f.WireName) ? WireFill.PathParameter
                : WireFill.None;
            if (fill == f.Fill) return f;
            changed = true;
            return f with { Fill = fill };
        }).ToEquatableArray();
        return changed ? payload with { Fields = fields } : payload;
    }
}
