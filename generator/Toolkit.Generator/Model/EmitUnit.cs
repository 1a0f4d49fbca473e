namespace Toolkit.Generator.Model;

/// <summary>
/// One emitted part of a spec's generated file (a type, or one part of a spec-wide class). <see cref="UnitName"/> names
/// the part by the type it declares (for the check that no two specs declare the same); the file is the spec's (see
/// <see cref="Emit.SpecFiles"/>).
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

/// <summary>A file that depends on the whole spec (client, options, serializer, validator, contract).</summary>
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
/// A whole API's (format 2) spec-wide classes are split into partial parts, one per operation and per type, each
/// holding only what it needs. <c>Api</c> is the spec without its operations and types (see
/// <see cref="Emit.Emitter.ApiOnly"/>).
/// </summary>
internal abstract record ApiPartUnit(SpecModel Api, string Part)
    : EmitUnit(Api.SpecPath, Api.Namespace, Api.Name, Api.Version)
{
    public abstract string ClassName { get; }

    /// <summary>The class's own file (the core part) is <c>{Class}.g.cs</c>; the others <c>{Class}.{Part}.g.cs</c>.</summary>
    public override string UnitName => Namespace + "." + ClassName + (Part.Length == 0 ? "" : "." + Part);
}

/// <summary>The client's core (fields, constructors, options) when <see cref="Operation"/> is null, else one operation's methods.</summary>
/// <param name="ChecksResponse">Whether the operation's response may break a rule its reader does not enforce (see <see cref="Emit.ValidationPlan"/>).</param>
internal sealed record ClientPartUnit(SpecModel Api, EquatableArray<string> ContentTypes, OperationSpec? Operation, ObjectTypeSpec? Request, bool ChecksResponse = false)
    : ApiPartUnit(Api, Operation is null ? "" : Operation.MethodName + ".operation")
{
    public override string ClassName => Api.ClientName;
}

/// <summary>One part of the serializer: the core, one operation's entry points, one named type, or one array or map type.</summary>
internal sealed record SerializerPartUnit(SpecModel Api, string PartName, OperationSpec? Operation, ObjectTypeSpec? Object, EnumTypeSpec? Enum, UnionTypeSpec? Union, ObjectTypeSpec? FormRequest = null)
    : ApiPartUnit(Api, PartName)
{
    public override string ClassName => Api.SerializerName;
}

/// <summary>One part of the validator: the core, one operation's entry points, or one named type's checks.</summary>
/// <param name="Validated">The validated types among those the part refers to (see <see cref="Emit.ValidationPlan"/>).</param>
/// <param name="ChecksResponse">Whether the operation's response may break a rule its reader does not enforce.</param>
internal sealed record ValidatorPartUnit(SpecModel Api, string PartName, OperationSpec? Operation, ObjectTypeSpec? Object, EnumTypeSpec? Enum, UnionTypeSpec? Union,
    EquatableArray<string> Validated = default, bool ChecksResponse = false)
    : ApiPartUnit(Api, PartName)
{
    public override string ClassName => Api.ValidatorName;
}

/// <summary>The contracts: the core (the spec's identity and the list of operations), or one operation's contract with its schemas.</summary>
/// <param name="RawProperty">The request's property sent as the raw body (replay sets it from a raw recorded body), or null.</param>
internal sealed record ContractPartUnit(SpecModel Api, string Sha256, EquatableArray<string> OperationMethods, OperationSpec? Operation, string? ResponseSchema, string? ErrorSchema, string? RawProperty, string? EventSchema = null, string? RequestSchema = null, bool ChecksResponse = false)
    : ApiPartUnit(Api, Operation is null ? "" : Operation.MethodName + ".operation")
{
    public override string ClassName => Api.ContractName;
}

/// <summary>
/// The Microsoft.Extensions.AI adapters of a whole API (<c>{Prefix}AIExtensions</c>): the operations with an
/// <c>abstraction</c>, each with its request's field names. Only when the project references Toolkit.AI.
/// </summary>
internal sealed record AIAdapterUnit(SpecModel Api, EquatableArray<AIAdapterOperation> Operations)
    : EmitUnit(Api.SpecPath, Api.Namespace, Api.Name, Api.Version)
{
    public string ClassName => Api.TypePrefix + "AIExtensions";

    public override string UnitName => Namespace + "." + ClassName;
}

/// <summary>
/// An operation an adapter calls, the wire names of its request's top-level fields and, for a chat completion, of
/// its messages' fields (empty when the messages are not objects the spec describes).
/// </summary>
internal sealed record AIAdapterOperation(OperationSpec Operation, EquatableArray<string> RequestFields, EquatableArray<string> MessageFields);
