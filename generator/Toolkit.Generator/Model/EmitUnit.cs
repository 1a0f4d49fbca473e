namespace Toolkit.Generator.Model;

/// <summary>
/// One generated file's worth of input. Type files carry only their own type, so that editing one
/// type's fields re-emits that file and the spec-wide files, not every type of the spec.
/// </summary>
internal abstract record EmitUnit(string SpecPath, string Namespace, string SpecName, string SpecVersion)
{
    public abstract string HintName { get; }
}

internal sealed record ObjectUnit(string SpecPath, string Namespace, string SpecName, string SpecVersion, ObjectTypeSpec Type)
    : EmitUnit(SpecPath, Namespace, SpecName, SpecVersion)
{
    public override string HintName => Namespace + "." + Type.Name + ".g.cs";
}

internal sealed record EnumUnit(string SpecPath, string Namespace, string SpecName, string SpecVersion, EnumTypeSpec Type)
    : EmitUnit(SpecPath, Namespace, SpecName, SpecVersion)
{
    public override string HintName => Namespace + "." + Type.Name + ".g.cs";
}

internal sealed record UnionUnit(string SpecPath, string Namespace, string SpecName, string SpecVersion, UnionTypeSpec Type)
    : EmitUnit(SpecPath, Namespace, SpecName, SpecVersion)
{
    public override string HintName => Namespace + "." + Type.Name + ".g.cs";
}

internal enum SpecFileKind
{
    Client,
    ClientOptions,
    RequestOptions,
    Serializer,
    Validator,
    Contract,
    /// <summary>The DI registration; only when the project references Toolkit.Http.</summary>
    DependencyInjection,
}

/// <summary>A file that depends on the whole spec (client, options, serializer, validator, contract).</summary>
internal sealed record SpecUnit(SpecFileKind Kind, SpecModel Spec)
    : EmitUnit(Spec.SpecPath, Spec.Namespace, Spec.Name, Spec.Version)
{
    public override string HintName => Namespace + "." + TypeName + ".g.cs";

    public string TypeName => Kind switch
    {
        SpecFileKind.Client => Spec.ClientName,
        SpecFileKind.ClientOptions => Spec.ClientOptionsName,
        SpecFileKind.RequestOptions => Spec.RequestOptionsName,
        SpecFileKind.Serializer => Spec.SerializerName,
        SpecFileKind.Validator => Spec.ValidatorName,
        SpecFileKind.DependencyInjection => Spec.ServiceCollectionExtensionsName,
        _ => Spec.ContractName,
    };
}
