using System.Collections.Generic;
using System.Linq;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>
/// Which validation code a spec needs: checks that can fail, and none that cannot. A request is built by the caller,
/// so every rule of every type it reaches is checked (required members left null, non-finite numbers, enum values,
/// bounds). A response was read by the generated reader, which already refused a missing or mistyped member and a
/// non-finite number: what remains for it are the spec's bounds, enum values and 32-bit unsigned ranges held in a
/// <c>long</c>, and a response type that has none of them is not walked at all.
/// </summary>
internal sealed class ValidationPlan
{
    private readonly Dictionary<string, ObjectTypeSpec> _objects;
    private readonly Dictionary<string, UnionTypeSpec> _unions;
    private readonly HashSet<string> _requestTypes = new(System.StringComparer.Ordinal);
    private readonly HashSet<string> _readChecked = new(System.StringComparer.Ordinal);

    private ValidationPlan(SpecModel spec)
    {
        _objects = spec.Objects.ToDictionary(o => o.Name, System.StringComparer.Ordinal);
        _unions = spec.Unions.ToDictionary(u => u.Name, System.StringComparer.Ordinal);
        var pending = new Stack<string>(spec.Operations.Select(o => o.RequestTypeName));
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!_requestTypes.Add(name)) continue;
            foreach (var type in Referenced(name)) foreach (var nested in Named(type)) pending.Push(nested);
        }
        // A type whose read values may break a rule: one of its own (a bound, an enum, a uint32), or one of a type it
        // reaches. Spread from the types with rules of their own back along the references: linear, cycles included.
        var referrers = new Dictionary<string, List<string>>(System.StringComparer.Ordinal);
        var rising = new Stack<string>();
        foreach (var name in _objects.Keys.Concat(_unions.Keys))
        {
            var own = _objects.TryGetValue(name, out var o) && o.Fields.Any(f => f.Minimum is not null || f.Maximum is not null);
            foreach (var type in Referenced(name))
            {
                own |= OwnRule(type);
                foreach (var nested in Named(type))
                {
                    if (!referrers.TryGetValue(nested, out var list)) referrers[nested] = list = new List<string>();
                    list.Add(name);
                }
            }
            if (own) rising.Push(name);
        }
        while (rising.Count > 0)
        {
            var name = rising.Pop();
            if (!_readChecked.Add(name)) continue;
            if (referrers.TryGetValue(name, out var list)) foreach (var referrer in list) rising.Push(referrer);
        }
    }

    /// <summary>A rule a read value of <paramref name="type"/> may break by itself, without a named type: an enum value, a uint32's range.</summary>
    private static bool OwnRule(TypeRef type)
    {
        while (type.Kind is ValueKind.Array or ValueKind.Map) type = type.Item!;
        return type.Kind == ValueKind.Enum || (type.Kind == ValueKind.Long && type.Format == "uint32");
    }

    public static ValidationPlan Of(SpecModel spec) => new(spec);

    /// <summary>Whether the type named <paramref name="name"/> (an object or a union) gets a <c>Validate{Name}</c> method.</summary>
    public bool Validates(string name) => _requestTypes.Contains(name) || _readChecked.Contains(name);

    /// <summary>Whether a value of <paramref name="type"/>, as the generated reader returns it, may still break a rule.</summary>
    public bool ChecksRead(TypeRef type) => type.Kind switch
    {
        ValueKind.Enum => true,
        ValueKind.Long => type.Format == "uint32",
        ValueKind.Object or ValueKind.Union => _readChecked.Contains(type.Name!),
        ValueKind.Array or ValueKind.Map => ChecksRead(type.Item!),
        _ => false,
    };

    /// <summary>The names of the validated types among those <paramref name="types"/> reach directly.</summary>
    public EquatableArray<string> ValidatedAmong(IEnumerable<TypeRef> types)
        => types.SelectMany(Named).Where(Validates).Distinct(System.StringComparer.Ordinal).OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray();

    private IEnumerable<TypeRef> Referenced(string name)
        => _objects.TryGetValue(name, out var o) ? o.Fields.Select(f => f.Type)
            : _unions.TryGetValue(name, out var u) ? u.Variants.Select(v => v.Type)
            : Enumerable.Empty<TypeRef>();

    /// <summary>The objects and unions a type names, through arrays and maps.</summary>
    private static IEnumerable<string> Named(TypeRef type)
    {
        while (type.Kind is ValueKind.Array or ValueKind.Map) type = type.Item!;
        if (type.Kind is ValueKind.Object or ValueKind.Union) yield return type.Name!;
    }
}
