using System.Collections.Generic;
using System.Linq;

namespace Toolkit.Generator.Model;

/// <summary>
/// A union of one scalar and a list of that same scalar (<c>oneOf: [string, array of string]</c>, TEI's and Hugging
/// Face's <c>inputs</c>): callers pass either, so the client's convenience method has an overload for each and the
/// union converts implicitly from a value, an array and a <c>List</c> of them.
/// </summary>
/// <param name="Union">The union's type name.</param>
/// <param name="Scalar">The item type.</param>
/// <param name="ScalarVariant">The variant holding one value (its <c>From…</c> factory).</param>
/// <param name="ListVariant">The variant holding the list.</param>
internal sealed record ScalarOrList(string Union, TypeRef Scalar, string ScalarVariant, string ListVariant)
{
    /// <summary>The pair in <paramref name="union"/>, or null when it is another kind of union.</summary>
    public static ScalarOrList? Of(UnionTypeSpec union)
    {
        if (union.Variants.Count != 2 || union.Discriminator is not null) return null;
        var (one, many) = union.Variants[0].Type.Kind == ValueKind.Array ? (union.Variants[1], union.Variants[0]) : (union.Variants[0], union.Variants[1]);
        var scalar = one.Type.Kind is ValueKind.String or ValueKind.Number or ValueKind.Integer or ValueKind.Long or ValueKind.ULong
            or ValueKind.Boolean or ValueKind.DateTime or ValueKind.Uuid or ValueKind.Enum;
        return scalar && many.Type.Kind == ValueKind.Array && many.Type.Item == one.Type
            ? new ScalarOrList(union.Name, one.Type, one.Name, many.Name)
            : null;
    }

    /// <summary>
    /// Marks the required, non-nullable fields of the requests (<paramref name="requestTypes"/>) whose type is such a
    /// union (<see cref="FieldSpec.Either"/>), in place.
    /// </summary>
    public static void MarkRequests(List<ObjectTypeSpec> objects, IEnumerable<string> requestTypes, IEnumerable<UnionTypeSpec> unions)
    {
        var pairs = unions.Select(Of).Where(p => p is not null).ToDictionary(p => p!.Union, p => p!, System.StringComparer.Ordinal);
        if (pairs.Count == 0) return;
        var requests = new HashSet<string>(requestTypes, System.StringComparer.Ordinal);
        for (var i = 0; i < objects.Count; i++)
        {
            var o = objects[i];
            if (!requests.Contains(o.Name) || !o.Fields.Any(f => Marks(f, pairs))) continue;
            objects[i] = o with { Fields = o.Fields.Select(f => Marks(f, pairs) ? f with { Either = pairs[f.Type.Name!] } : f).ToEquatableArray() };
        }
    }

    private static bool Marks(FieldSpec f, Dictionary<string, ScalarOrList> pairs)
        => f.Required && !f.Nullable && f.Type.Kind == ValueKind.Union && pairs.ContainsKey(f.Type.Name!);
}
