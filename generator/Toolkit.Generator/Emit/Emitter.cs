using System.Collections.Generic;
using System.Linq;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>Plans the files of a spec and dispatches each to its emitter.</summary>
internal static class Emitter
{
    /// <summary>One unit per generated file: each object and enum, then the spec-wide files.</summary>
    /// <param name="withHttpIntegration">The project references Toolkit.Http: add the DI registration.</param>
    public static EquatableArray<EmitUnit> Plan(SpecModel spec, bool withHttpIntegration = false)
    {
        var units = new List<EmitUnit>();
        units.AddRange(spec.Objects.Select(o => (EmitUnit)new ObjectUnit(spec.SpecPath, spec.Namespace, spec.Name, spec.Version, o)));
        units.AddRange(spec.Enums.Select(e => (EmitUnit)new EnumUnit(spec.SpecPath, spec.Namespace, spec.Name, spec.Version, e)));
        units.AddRange(spec.Unions.Select(u => (EmitUnit)new UnionUnit(spec.SpecPath, spec.Namespace, spec.Name, spec.Version, u)));
        foreach (var kind in new[] { SpecFileKind.Client, SpecFileKind.ClientOptions, SpecFileKind.RequestOptions, SpecFileKind.Serializer, SpecFileKind.Validator, SpecFileKind.Contract })
        {
            units.Add(new SpecUnit(kind, spec));
        }
        if (withHttpIntegration) units.Add(new SpecUnit(SpecFileKind.DependencyInjection, spec));
        return units.ToEquatableArray();
    }

    public static string Emit(EmitUnit unit) => unit switch
    {
        ObjectUnit o => TypeEmitter.EmitObject(o),
        EnumUnit e => TypeEmitter.EmitEnum(e),
        UnionUnit u => UnionEmitter.Emit(u),
        SpecUnit { Kind: SpecFileKind.Client } s => ClientEmitter.Emit(s.Spec),
        SpecUnit { Kind: SpecFileKind.ClientOptions } s => OptionsEmitter.EmitClientOptions(s.Spec),
        SpecUnit { Kind: SpecFileKind.RequestOptions } s => OptionsEmitter.EmitRequestOptions(s.Spec),
        SpecUnit { Kind: SpecFileKind.Serializer } s => SerializerEmitter.Emit(s.Spec),
        SpecUnit { Kind: SpecFileKind.Validator } s => ValidatorEmitter.Emit(s.Spec),
        SpecUnit { Kind: SpecFileKind.DependencyInjection } s => DependencyInjectionEmitter.Emit(s.Spec),
        SpecUnit s => ContractEmitter.Emit(s.Spec),
        _ => throw new System.ArgumentOutOfRangeException(nameof(unit)),
    };
}
