namespace Toolkit.Generator.Model;

/// <summary>
/// One type of a spec's generated file: a type of the spec, or a spec-wide class (client, serializer...) emitted whole.
/// <see cref="UnitName"/> is the type it declares (for the check that no two specs declare the same); the file is the
/// spec's (see <see cref="Emit.SpecFiles"/>).
/// </summary>
internal abstract record EmitUnit(string SpecPath, string Namespace, string SpecName, string SpecVersion)
{
    public abstract string UnitName { get; }
}

internal sealed record ObjectUnit(string SpecPath, string Namespace, string SpecName, string SpecVersion, ObjectTypeSpec Type)
    : EmitUnit(SpecPath, Namespace, SpecName, SpecVersion)
{
    public override string UnitName => Namespace + "." + Type.Name;
}

internal sealed record EnumUnit(string SpecPath, string Namespace, string SpecName, string SpecVersion, EnumTypeSpec Type)
    : EmitUnit(SpecPath, Namespace, SpecName, SpecVersion)
{
    public override string UnitName => Namespace + "." + Type.Name;
}

internal sealed record UnionUnit(string SpecPath, string Namespace, string SpecName, string SpecVersion, UnionTypeSpec Type)
    : EmitUnit(SpecPath, Namespace, SpecName, SpecVersion)
{
    public override string UnitName => Namespace + "." + Type.Name;
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

/// <summary>A spec-wide class (client, options, serializer, validator, contract, DI registration): one body, from the whole spec.</summary>
internal sealed record SpecUnit(SpecFileKind Kind, SpecModel Spec)
    : EmitUnit(Spec.SpecPath, Spec.Namespace, Spec.Name, Spec.Version)
{
    public override string UnitName => Namespace + "." + TypeName;

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

/// <summary>
/// The Microsoft.Extensions.AI adapters of a whole API (<c>{Prefix}AIExtensions</c>): the operations with an
/// <c>abstraction</c>, each with its request's field names. Only when the project references Toolkit.AI.
/// </summary>
internal sealed record AIAdapterUnit(SpecModel Api, EquatableArray<AIAdapterOperation> Operations)
    : EmitUnit(Api.SpecPath, Api.Namespace, Api.Name, Api.Version)
{
    public string ClassName => Api.AIExtensionsName;

    public override string UnitName => Namespace + "." + ClassName;
}

/// <summary>
/// An operation an adapter calls, the wire names of its request's top-level fields and, for a chat completion, of
/// its messages' fields (empty when the messages are not objects the spec describes).
/// </summary>
internal sealed record AIAdapterOperation(OperationSpec Operation, EquatableArray<string> RequestFields, EquatableArray<string> MessageFields);
