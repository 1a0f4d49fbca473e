using System.Collections.Generic;
using System.Linq;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>Plans the files of a spec and dispatches each to its emitter.</summary>
internal static class Emitter
{
    /// <summary>
    /// The units of a spec: each object, enum and union, then the spec-wide parts, each emitted on its own;
    /// <see cref="SpecFiles"/> puts a spec's units into its one file.
    /// </summary>
    /// <param name="integrations">The toolkit libraries the project references: Toolkit.Http adds the DI registration,
    /// Toolkit.Testing the contracts, Toolkit.AI the Microsoft.Extensions.AI adapters.</param>
    public static EquatableArray<EmitUnit> Plan(SpecModel spec, Integrations integrations = Integrations.None)
    {
        var units = Plan(spec, integrations, withContent: true);
        return (integrations & Integrations.AI) != 0 && AIAdapters(spec) is { } adapters ? units.Append(adapters).ToEquatableArray() : units;
    }

    /// <summary>The AI adapters' unit of a whole API, or null when no operation has an <c>abstraction</c>.</summary>
    private static AIAdapterUnit? AIAdapters(SpecModel spec)
    {
        if (!spec.WholeApi || spec.Operations.All(o => o.Abstraction is null)) return null;
        var objects = spec.Objects.ToDictionary(o => o.Name, System.StringComparer.Ordinal);
        EquatableArray<string> MessageFields(ObjectTypeSpec request)
            => request.Fields.FirstOrDefault(f => f.WireName == "messages")?.Type is { Kind: ValueKind.Array, Item: { Kind: ValueKind.Object, Name: { } item } }
               && objects.TryGetValue(item, out var message)
                ? message.Fields.Select(f => f.WireName).ToEquatableArray()
                : EquatableArray<string>.Empty;
        return new AIAdapterUnit(ApiOnly(spec), spec.Operations.Where(o => o.Abstraction is not null)
            .Select(o => new AIAdapterOperation(o, objects[o.RequestTypeName].Fields.Select(f => f.WireName).ToEquatableArray(), MessageFields(objects[o.RequestTypeName])))
            .ToEquatableArray());
    }

    /// <summary>The names of a spec's units (one per type or part): the plan without the work of writing contract schemas.</summary>
    public static EquatableArray<string> UnitNames(SpecModel spec)
        => Plan(spec, Integrations.Http | Integrations.Testing, withContent: false).Select(u => u.UnitName).ToEquatableArray();

    private static EquatableArray<EmitUnit> Plan(SpecModel spec, Integrations integrations, bool withContent)
    {
        var units = new List<EmitUnit>();
        units.AddRange(spec.Objects.Select(o => (EmitUnit)new ObjectUnit(spec.SpecPath, spec.Namespace, spec.Name, spec.Version, o)));
        units.AddRange(spec.Enums.Select(e => (EmitUnit)new EnumUnit(spec.SpecPath, spec.Namespace, spec.Name, spec.Version, e)));
        units.AddRange(spec.Unions.Select(u => (EmitUnit)new UnionUnit(spec.SpecPath, spec.Namespace, spec.Name, spec.Version, u)));
        if (spec.WholeApi)
        {
            PlanWholeApi(spec, units, integrations, withContent);
            return units.ToEquatableArray();
        }
        foreach (var kind in new[] { SpecFileKind.Client, SpecFileKind.ClientOptions, SpecFileKind.RequestOptions, SpecFileKind.Serializer, SpecFileKind.Validator })
        {
            units.Add(new SpecUnit(kind, spec));
        }
        if ((integrations & Integrations.Testing) != 0) units.Add(new SpecUnit(SpecFileKind.Contract, spec));
        if ((integrations & Integrations.Http) != 0) units.Add(new SpecUnit(SpecFileKind.DependencyInjection, spec));
        return units.ToEquatableArray();
    }

    /// <summary>The spec with only its API-level parts: what the spec-wide files of a whole API may depend on.</summary>
    public static SpecModel ApiOnly(SpecModel spec) => spec with
    {
        Sha256 = "",
        Operations = EquatableArray<OperationSpec>.Empty,
        Objects = EquatableArray<ObjectTypeSpec>.Empty,
        Enums = EquatableArray<EnumTypeSpec>.Empty,
        Unions = EquatableArray<UnionTypeSpec>.Empty,
        Spans = EquatableArray<SpecSpan>.Empty,
    };

    /// <summary>A whole API: the spec-wide classes as partial files, one per operation and one per type.</summary>
    private static void PlanWholeApi(SpecModel spec, List<EmitUnit> units, Integrations integrations, bool withContent)
    {
        var api = ApiOnly(spec);
        var objects = spec.Objects.ToDictionary(o => o.Name, System.StringComparer.Ordinal);
        var contentTypes = ClientEmitter.ContentTypes(spec);
        units.Add(new SpecUnit(SpecFileKind.ClientOptions, api));
        units.Add(new SpecUnit(SpecFileKind.RequestOptions, api));
        if ((integrations & Integrations.Http) != 0) units.Add(new SpecUnit(SpecFileKind.DependencyInjection, api));

        var validation = ValidationPlan.Of(spec);
        units.Add(new ClientPartUnit(api, contentTypes, null, null));
        units.AddRange(spec.Operations.Select(op => (EmitUnit)new ClientPartUnit(api, contentTypes, op, objects[op.RequestTypeName], validation.ChecksRead(op.Response.Body))));

        units.Add(new SerializerPartUnit(api, "", null, null, null, null));
        units.AddRange(spec.Operations.Select(op => (EmitUnit)new SerializerPartUnit(api, op.MethodName + ".operation", op, null, null, null,
            op.IsForm ? objects[op.RequestTypeName] : null)));
        units.AddRange(spec.Objects.Select(o => (EmitUnit)new SerializerPartUnit(api, o.Name, null, o, null, null)));
        units.AddRange(spec.Enums.Select(e => (EmitUnit)new SerializerPartUnit(api, e.Name, null, null, e, null)));
        units.AddRange(spec.Unions.Select(u => (EmitUnit)new SerializerPartUnit(api, u.Name, null, null, null, u)));

        units.Add(new ValidatorPartUnit(api, "", null, null, null, null));
        // Validation only where a check can fail (see ValidationPlan): the other types get no method at all.
        units.AddRange(spec.Operations.Select(op => (EmitUnit)new ValidatorPartUnit(api, op.MethodName + ".operation", op, null, null, null,
            validation.ValidatedAmong(new[] { new TypeRef(ValueKind.Object, op.RequestTypeName), op.Response.Body }), validation.ChecksRead(op.Response.Body))));
        units.AddRange(spec.Objects.Where(o => validation.Validates(o.Name)).Select(o => (EmitUnit)new ValidatorPartUnit(api, o.Name, null, o, null, null,
            validation.ValidatedAmong(o.Fields.Select(f => f.Type)))));
        units.AddRange(spec.Enums.Select(e => (EmitUnit)new ValidatorPartUnit(api, e.Name, null, null, e, null)));
        units.AddRange(spec.Unions.Where(u => validation.Validates(u.Name)).Select(u => (EmitUnit)new ValidatorPartUnit(api, u.Name, null, null, null, u,
            validation.ValidatedAmong(u.Variants.Select(v => v.Type)))));

        if ((integrations & Integrations.Testing) == 0) return;
        var methods = spec.Operations.Select(o => o.MethodName).ToEquatableArray();
        var errorSchema = withContent ? JsonSchemaWriter.Error(spec) : null;
        var index = withContent ? new JsonSchemaWriter.TypeIndex(spec) : null;
        units.Add(new ContractPartUnit(api, spec.Sha256, methods, null, null, null, null));
        // Each operation's schemas are written here, from the whole spec, and carried as text: the unit changes only when they do.
        units.AddRange(spec.Operations.Select(op => (EmitUnit)new ContractPartUnit(api, "", EquatableArray<string>.Empty, op,
            withContent ? JsonSchemaWriter.Response(spec, op, index) : null, errorSchema, ContractEmitter.RawProperty(op, objects[op.RequestTypeName]),
            withContent ? JsonSchemaWriter.Event(spec, op, index) : null, withContent ? JsonSchemaWriter.Request(spec, op, index) : null,
            validation.ChecksRead(op.Response.Body))));
    }

    /// <summary>
    /// One part of a partial class: the namespace and the class; the core part (<paramref name="declare"/>)
    /// carries its documentation and [GeneratedCode], which a partial class may have only once.
    /// </summary>
    public static void Partial(SourceWriter w, SpecModel api, bool declare, string declaration, System.Action<SourceWriter> body, System.Func<(string Element, string Text)[]> docs)
    {
        w.Open("namespace " + api.Namespace);
        if (declare)
        {
            foreach (var (element, text) in docs()) w.DocXml(element, text);
            w.Line(SourceWriter.GeneratedCodeAttribute);
        }
        w.Open(declaration);
        body(w);
        w.Close();
        w.Close();
    }

    /// <summary>Writes one unit's code (no header) to <paramref name="w"/>.</summary>
    public static void Emit(SourceWriter w, EmitUnit unit)
    {
        switch (unit)
        {
            case ClientPartUnit c: ClientEmitter.EmitPart(w, c); break;
            case SerializerPartUnit s: SerializerEmitter.EmitPart(w, s); break;
            case ValidatorPartUnit v: ValidatorEmitter.EmitPart(w, v); break;
            case ContractPartUnit c: ContractEmitter.EmitPart(w, c); break;
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
