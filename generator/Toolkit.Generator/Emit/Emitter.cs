using System.Collections.Generic;
using System.Linq;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>Plans the types of a spec and dispatches each to its emitter.</summary>
internal static class Emitter
{
    /// <summary>
    /// The units of a spec: each object, enum and union, then each spec-wide class, one body each;
    /// <see cref="SpecFiles"/> puts a spec's units into its one file. Built once per spec: the clash check reads its
    /// names, the file its units.
    /// </summary>
    /// <param name="integrations">The toolkit libraries the project references: Toolkit.Http adds the DI registration,
    /// Toolkit.Testing the contracts, Toolkit.AI the Microsoft.Extensions.AI adapters.</param>
    public static EquatableArray<EmitUnit> Plan(SpecModel spec, Integrations integrations = Integrations.None)
    {
        var units = new List<EmitUnit>();
        units.AddRange(spec.Objects.Select(o => (EmitUnit)new ObjectUnit(spec.SpecPath, spec.Namespace, spec.Name, spec.Version, o)));
        units.AddRange(spec.Enums.Select(e => (EmitUnit)new EnumUnit(spec.SpecPath, spec.Namespace, spec.Name, spec.Version, e)));
        units.AddRange(spec.Unions.Select(u => (EmitUnit)new UnionUnit(spec.SpecPath, spec.Namespace, spec.Name, spec.Version, u)));
        units.Add(new SpecUnit(SpecFileKind.ClientOptions, spec));
        units.Add(new SpecUnit(SpecFileKind.RequestOptions, spec));
        if ((integrations & Integrations.Http) != 0) units.Add(new SpecUnit(SpecFileKind.DependencyInjection, spec));
        units.Add(new SpecUnit(SpecFileKind.Client, spec));
        units.Add(new SpecUnit(SpecFileKind.Serializer, spec));
        units.Add(new SpecUnit(SpecFileKind.Validator, spec));
        if ((integrations & Integrations.Testing) != 0) units.Add(new SpecUnit(SpecFileKind.Contract, spec));
        if ((integrations & Integrations.AI) != 0 && AIAdapters(spec) is { } adapters) units.Add(adapters);
        return units.ToEquatableArray();
    }

    /// <summary>The AI adapters' unit, or null when no operation has an <c>abstraction</c>.</summary>
    private static AIAdapterUnit? AIAdapters(SpecModel spec)
    {
        if (spec.Operations.All(o => o.Abstraction is null)) return null;
        var objects = spec.Objects.ToDictionary(o => o.Name, System.StringComparer.Ordinal);
        EquatableArray<string> MessageFields(ObjectTypeSpec request)
            => request.Fields.FirstOrDefault(f => f.WireName == "messages")?.Type is { Kind: ValueKind.Array, Item: { Kind: ValueKind.Object, Name: { } item } }
               && objects.TryGetValue(item, out var message)
                ? message.Fields.Select(f => f.WireName).ToEquatableArray()
                : EquatableArray<string>.Empty;
        return new AIAdapterUnit(spec, spec.Operations.Where(o => o.Abstraction is not null)
            .Select(o => new AIAdapterOperation(o, objects[o.RequestTypeName].Fields.Select(f => f.WireName).ToEquatableArray(), MessageFields(objects[o.RequestTypeName])))
            .ToEquatableArray());
    }

    /// <summary>Writes one unit's code (no header) to <paramref name="w"/>.</summary>
    public static void Emit(SourceWriter w, EmitUnit unit)
    {
        switch (unit)
        {
            case AIAdapterUnit a: AIAdapterEmitter.Emit(w, a); break;
            case ObjectUnit o: TypeEmitter.EmitObject(w, o); break;
            case EnumUnit e: TypeEmitter.EmitEnum(w, e); break;
            case UnionUnit u: UnionEmitter.Emit(w, u); break;
            case SpecUnit { Kind: SpecFileKind.Client } s: ClientEmitter.Emit(w, s.Spec); break;
            case SpecUnit { Kind: SpecFileKind.ClientOptions } s: OptionsEmitter.EmitClientOptions(w, s.Spec); break;
            case SpecUnit { Kind: SpecFileKind.RequestOptions } s: OptionsEmitter.EmitRequestOptions(w, s.Spec); break;
            case SpecUnit { Kind: SpecFileKind.Serializer } s: SerializerEmitter.Emit(w, s.Spec); break;
            case SpecUnit { Kind: SpecFileKind.Validator } s: ValidatorEmitter.Emit(w, s.Spec); break;
            case SpecUnit { Kind: SpecFileKind.DependencyInjection } s: DependencyInjectionEmitter.Emit(w, s.Spec); break;
            case SpecUnit s: ContractEmitter.Emit(w, s.Spec); break;
            default: throw new System.ArgumentOutOfRangeException(nameof(unit));
        }
    }
}
