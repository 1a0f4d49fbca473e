using System.Linq;
using Toolkit.Generator.Naming;

namespace Toolkit.Generator.Model;

/// <summary>Everything the emitters need to know about one spec file, as equatable data, with every name final.</summary>
/// <param name="Name">The spec's <c>name</c>, e.g. <c>image-segmentation</c>.</param>
/// <param name="Version">The spec's semantic version.</param>
/// <param name="TypePrefix">PascalCase of <see cref="Name"/>: the prefix of the spec-wide generated types.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the spec's text in UTF-8: cassettes name the exact spec they were recorded under.</param>
/// <param name="Api">What every operation shares: base URL, headers, client-level parameters.</param>
/// <param name="Operations">The operations, in spec order (a one-operation spec, format 1, is read as a whole API with one).</param>
/// <param name="UpstreamVersion">The version is an upstream document's release number (<c>"versioning": "upstream"</c>):
/// the semver check reports changes between versions as information, not as broken promises.</param>
/// <param name="Spans">Where each key of the spec file is: diagnostics about the spec (the semver check's) find their
/// line here instead of parsing the text again.</param>
internal sealed record SpecModel(
    string SpecPath,
    string Sha256,
    string Name,
    string Version,
    string? Description,
    string Namespace,
    string TypePrefix,
    ApiSpec Api,
    EquatableArray<OperationSpec> Operations,
    ErrorSpec? Errors,
    EquatableArray<ObjectTypeSpec> Objects,
    EquatableArray<EnumTypeSpec> Enums,
    EquatableArray<UnionTypeSpec> Unions,
    EquatableArray<SpecSpan> Spans,
    bool UpstreamVersion = false)
{
    // The spec-wide names, as the naming authority makes them: emitters and the CLI read them here.
    public string ClientName => Names.ClientType(TypePrefix);
    public string ClientOptionsName => Names.ClientOptionsType(TypePrefix);
    public string RequestOptionsName => Names.RequestOptionsType(TypePrefix);
    public string SerializerName => Names.SerializerType(TypePrefix);
    public string ValidatorName => Names.ValidatorType(TypePrefix);
    public string ContractName => Names.ContractType(TypePrefix);
    public string ServiceCollectionExtensionsName => Names.ServiceCollectionExtensionsType(TypePrefix);
    public string AddClientMethodName => Names.AddClientMethod(TypePrefix);
    public string AIExtensionsName => Names.AIExtensionsType(TypePrefix);
}

/// <summary>What every operation of the API shares.</summary>
/// <param name="BaseUrl">The documented base URL (the client's default base address).</param>
/// <param name="Servers">Documented alternatives to the base URL, with what each is for.</param>
/// <param name="Headers">Every documented header: client-scope ones are client options, request-scope ones request options.</param>
/// <param name="ClientParameters">Path parameters with a client option (all of them in format 1; those with <c>clientDefault</c> in format 2).</param>
/// <param name="ClientQuery">Query parameters every request carries from the client options (an API key in the query).</param>
/// <param name="BaseUrlLocation">The keys that lead to <c>baseUrl</c> in the spec file: diffs name and locate a change where the file has it.</param>
/// <param name="Subclients">Clients of other specs this client hands out (<c>subclients</c>), on its own host.</param>
internal sealed record ApiSpec(
    string BaseUrl,
    EquatableArray<ServerSpec> Servers,
    EquatableArray<HeaderSpec> Headers,
    EquatableArray<PathParameterSpec> ClientParameters,
    EquatableArray<string> BaseUrlLocation,
    EquatableArray<ClientQuerySpec> ClientQuery = default,
    EquatableArray<SubclientSpec> Subclients = default);

/// <summary>
/// A client of another spec that this client hands out (<c>"subclients": { "hf-inference": { "spec":
/// "huggingface-inference", "path": "/hf-inference" } }</c>): <c>Get{Key}Client()</c> makes it on this client's
/// HttpClient, at this client's base address plus <see cref="Path"/>, with its token, limits and response validation.
/// </summary>
/// <param name="Key">The subclient's key in the spec.</param>
/// <param name="MethodName">The accessor, <c>Get{Key}Client</c> (the naming authority's).</param>
/// <param name="Spec">The other spec's <c>name</c>.</param>
/// <param name="Path">What this client's base address is extended by (empty: the same base address).</param>
/// <param name="Location">Where <see cref="Spec"/> is written, for the diagnostic when the project lacks that spec.</param>
/// <param name="Target">The other spec's client, once the project's specs are known; null straight from the parser.</param>
internal sealed record SubclientSpec(
    string Key,
    string MethodName,
    string Spec,
    string Path,
    string? Description,
    SpecSpan Location,
    ClientEntry? Target = null);

/// <summary>
/// What one spec's client looks like from another spec: enough to make it (<see cref="SubclientSpec"/>), and no more,
/// so that editing a spec's body leaves the other specs' models untouched.
/// </summary>
/// <param name="BearerProperty">The client option holding its bearer token, if it has one.</param>
internal sealed record ClientEntry(
    string SpecName,
    string Version,
    string Namespace,
    string ClientName,
    string ClientOptionsName,
    string? BearerProperty)
{
    public static ClientEntry Of(SpecModel spec) => new(spec.Name, spec.Version, spec.Namespace, spec.ClientName, spec.ClientOptionsName,
        spec.Api.Headers.FirstOrDefault(h => h.Bearer && h.Scope == HeaderScope.Client)?.PropertyName);
}

/// <summary>
/// A query parameter of every request, set once in the client options (<see cref="PropertyName"/>); a
/// <see cref="Secret"/> one (<c>"auth": "apiKey"</c>) is an API key: never put into exceptions or logs.
/// </summary>
internal sealed record ClientQuerySpec(string Name, string PropertyName, bool Secret, string? Description);

/// <summary>A documented alternative base URL.</summary>
internal sealed record ServerSpec(string Url, string? Description);

/// <summary>One HTTP operation: one client method.</summary>
/// <param name="Key">The operation's name in the spec, e.g. <c>text-classification</c>.</param>
/// <param name="MethodName">The client method name without the Async suffix, e.g. <c>Segment</c>.</param>
/// <param name="RequestTypeName">The generated type that holds the whole payload.</param>
/// <param name="RawField">The payload field sent as the raw body when it is the only field set; null when JSON only.</param>
/// <param name="Segments">The path template cut into literal text and parameters, so that emitters never re-parse it.</param>
/// <param name="Names">The serializer and validator entry points of this operation.</param>
/// <param name="AlternativePaths">Other path templates the service serves this operation at (<c>alternativePaths</c>): for contract tests' routing, never sent to.</param>
/// <param name="Abstraction">The AI shape the operation has (<c>abstraction</c>: <see cref="OperationAbstractions"/>), or null.</param>
/// <param name="Location">The keys that lead to the operation's <c>payload</c>, <c>response</c> and <c>stream</c> in the spec
/// file (none for a one-operation spec, whose keys are at the root), and <paramref name="RequestLocation"/> those that lead
/// to its method, path and body: diffs name and locate a change where the file has it.</param>
internal sealed record OperationSpec(
    string Key,
    string MethodName,
    string? Description,
    string HttpMethod,
    string PathTemplate,
    EquatableArray<PathSegment> Segments,
    string RequestTypeName,
    string JsonContentType,
    string? RawField,
    string RawContentType,
    EquatableArray<PathParameterSpec> PathParameters,
    EquatableArray<QueryParameterSpec> QueryParameters,
    ResponseSpec Response,
    OperationNames Names,
    StreamSpec? Stream = null,
    string? Deprecated = null,
    EquatableArray<QueryConstantSpec> QueryConstants = default,
    EquatableArray<string> AlternativePaths = default,
    string? Abstraction = null,
    EquatableArray<string> Location = default,
    EquatableArray<string> RequestLocation = default,
    EquatableArray<HeaderConstantSpec> HeaderConstants = default,
    PollSpec? Poll = null)
{
    /// <summary>The client method: <c>{MethodName}Async</c>.</summary>
    public string Method => Naming.Names.AsyncMethod(MethodName);

    /// <summary>The file form of the client method (a binary raw body): <c>{MethodName}FromFileAsync</c>.</summary>
    public string FromFileMethod => Naming.Names.FromFileMethod(MethodName);

    /// <summary>The body is <c>multipart/form-data</c> (a file upload): one part per field set, written by <see cref="OperationNames.WriteForm"/>.</summary>
    public bool IsForm => JsonContentType.StartsWith("multipart/form-data", System.StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The streamed form of an operation: server-sent events of <see cref="Event"/>, asked for by setting the request's
/// <see cref="Field"/> to true (null: the operation only streams when the caller's request says so).
/// </summary>
/// <param name="Sentinel">The data that ends the stream (<c>[DONE]</c>), or null when the stream just ends.</param>
/// <param name="ErrorField">A top-level JSON field that makes an event an error, or null.</param>
/// <param name="ErrorEvent">An <c>event:</c> name that makes an event an error, or null.</param>
internal sealed record StreamSpec(
    TypeRef Event,
    string? Field,
    string? Sentinel,
    string? ErrorField,
    string? ErrorEvent,
    string? Description,
    string MethodName,
    string DeserializeEvent,
    string SerializeEvent)
{
    /// <summary>The streamed client method: <c>{MethodName}Async</c> (<c>ChatCompletionStreamAsync</c>).</summary>
    public string Method => Naming.Names.AsyncMethod(MethodName);
}

/// <summary>A piece of a path template: literal text, or the parameter named <see cref="Parameter"/>.</summary>
internal sealed record PathSegment(string Text, string? Parameter);

/// <summary>The generated entry points of one operation (format 1: <c>SerializeRequest</c>; format 2: <c>SerializeSegmentRequest</c>).</summary>
/// <param name="Contract">The class of the operation's contract: the spec's own contract class when the operation is
/// the spec's one operation of format 1 (<c>ImageSegmentationContract.Instance</c>), else a class the spec's contract
/// holds one property of (<c>AcmeInferenceContract.Segment</c>).</param>
internal sealed record OperationNames(
    string SerializeRequest,
    string DeserializeRequest,
    string SerializeResponse,
    string DeserializeResponse,
    string ValidateRequest,
    string ValidateResponse,
    string WriteForm,
    string Contract);

/// <summary>
/// A <c>{name}</c> in the path template: a method parameter (<see cref="ParameterName"/>), which may fall back to a
/// client option (<see cref="PropertyName"/>) when the caller passes null; or, in a one-operation spec (format 1), a
/// client option only (no <see cref="ParameterName"/>).
/// </summary>
internal sealed record PathParameterSpec(string Name, string? PropertyName, string? ParameterName, string? Description, string? Default, bool AllowSlashes);

/// <summary>A documented query parameter: a method parameter, sent only when set (or required).</summary>
internal sealed record QueryParameterSpec(string Name, string ParameterName, TypeRef Type, bool Required, string? Description, string? DefaultJson);

/// <summary>
/// A query parameter the operation always sends with one value (<c>beta=true</c>, from an OpenAPI path such as
/// <c>/responses?beta=true</c>): part of the address, not a method parameter.
/// </summary>
internal sealed record QueryConstantSpec(string Name, string Value);

/// <summary>
/// A header one operation always sends with one value (<c>"headers": { "prefer": { "const": "wait" } }</c> on the
/// operation: Replicate's synchronous predictions): part of how the operation is called, not a parameter.
/// </summary>
internal sealed record HeaderConstantSpec(string Name, string Value, string? Description);

/// <summary>
/// A job the operation starts and the client waits for (<c>poll</c>): while the answer's status (<see cref="Status"/>)
/// is one of <see cref="Pending"/> (or missing), the client asks <c>GET</c> <see cref="Path"/> again, every
/// <see cref="IntervalMs"/>, at most <see cref="MaxPolls"/> times; one of <see cref="Done"/> is the result, anything else
/// an <c>ApiJobFailedException</c>.
/// </summary>
/// <param name="Path">The template as the spec writes it, placeholders naming fields of the job's first answer
/// (<c>/v2/videos/{id}</c>, <c>/wavespeed{data.urls.get:path}</c>), maybe a literal query (<c>?_subdomain=queue</c>).</param>
/// <param name="Parts">The template cut once: literal text, and the answer's fields that fill it.</param>
/// <param name="Status">The answer's field that holds the status.</param>
/// <param name="Job">The job's answers' type when the operation's response is a result asked for afterwards (<see cref="Result"/>); null when the job's last answer is the response.</param>
/// <param name="Result">The result's address, asked once the job is done (empty: none).</param>
/// <param name="ResultPath">The result's address as the spec writes it.</param>
internal sealed record PollSpec(
    string Path,
    EquatableArray<PollPart> Parts,
    AnswerField Status,
    EquatableArray<string> Pending,
    EquatableArray<string> Done,
    int IntervalMs,
    int MaxPolls,
    TypeRef? Job = null,
    EquatableArray<PollPart> Result = default,
    string? ResultPath = null);

/// <summary>A field of an operation's answer, maybe nested: its JSON path (<c>$.data.status</c>) and its C# access (<c>.Data?.Status</c>).</summary>
internal sealed record AnswerField(string JsonPath, string Access);

/// <summary>
/// A piece of a job's address: literal text, or a field of the answer (escaped as one path segment, or with
/// <see cref="UrlPath"/> a URL whose path is taken whole: <c>{response_url:path}</c>).
/// </summary>
internal sealed record PollPart(string Text, AnswerField? Field, bool UrlPath);

internal enum HeaderScope
{
    Client,
    Request,
}

/// <summary>A documented request header. <see cref="Bearer"/> headers carry a token as <c>Bearer {token}</c>.</summary>
internal sealed record HeaderSpec(
    string Name,
    string PropertyName,
    TypeRef Type,
    HeaderScope Scope,
    bool Bearer,
    bool Required,
    string? Description,
    string? DefaultJson);

/// <summary>The success response: documented statuses, content type and body shape.</summary>
/// <param name="Body">The body as the service sends it: what the reader, the validator and the contract see.</param>
/// <param name="Single">The spec's <c>"single": true</c>: the service wraps its one answer in a one-element array
/// (<see cref="Body"/> is that array), and the client returns the element (<see cref="Result"/>); any other count is
/// an error.</param>
internal sealed record ResponseSpec(
    EquatableArray<int> Statuses,
    string ContentType,
    string? Description,
    TypeRef Body,
    bool Single = false)
{
    /// <summary>What the client method returns: the body, or its element when <see cref="Single"/>.</summary>
    public TypeRef Result => Single ? Body.Item! : Body;
}

/// <summary>The error body and the service's "not ready yet" convention.</summary>
/// <param name="LoadingStatus">The status that means "retry later" (503), or null.</param>
/// <param name="LoadingRetryHeader">A boolean header that asks the server to wait instead, set on retries.</param>
/// <param name="Bodies">Error bodies the API documents per status, each read into its own type (<c>ApiException.Body</c>).</param>
internal sealed record ErrorSpec(
    EquatableArray<int> Statuses,
    string? Description,
    string MessageField,
    string? EstimatedTimeField,
    string? RequestIdHeader,
    int? LoadingStatus,
    string? LoadingRetryHeader,
    EquatableArray<ErrorBodySpec> Bodies);

/// <summary>The documented body of error answers with <see cref="Status"/>, and its serializer entry point.</summary>
internal sealed record ErrorBodySpec(int Status, TypeRef Type, string DeserializeName);

internal enum ValueKind
{
    String,
    Number,
    /// <summary>A 32-bit integer (<c>format: int32</c>): C# <c>int</c>.</summary>
    Integer,
    /// <summary>A 64-bit integer (<c>format: int64</c> or <c>uint32</c>, or no format): C# <c>long</c>; see <see cref="IntegerFormats"/>.</summary>
    Long,
    /// <summary>An unsigned 64-bit integer (<c>format: uint64</c>): C# <c>ulong</c>.</summary>
    ULong,
    /// <summary>An RFC 3339 date-time string (<c>format: date-time</c>): C# <c>DateTimeOffset</c>.</summary>
    DateTime,
    /// <summary>A UUID string (<c>format: uuid</c>): C# <c>Guid</c>.</summary>
    Uuid,
    Boolean,
    /// <summary>Bytes: base64 in JSON, raw bytes as a body.</summary>
    Binary,
    /// <summary>A base64 PNG black-and-white mask.</summary>
    Mask,
    Enum,
    Object,
    Array,
    /// <summary>Any JSON value, kept as a <c>JsonElement</c> (an untyped schema).</summary>
    Json,
    /// <summary>A JSON object used as a dictionary: string keys, <see cref="TypeRef.Item"/> values.</summary>
    Map,
    /// <summary>One of several types told apart by their JSON shape (oneOf/anyOf).</summary>
    Union,
}

/// <summary>A reference to a type: a primitive, a named generated type, or an array or map of one.</summary>
/// <param name="Format">An integer's declared format (<c>int32</c>, <c>int64</c>, <c>uint32</c>, <c>uint64</c>), null when none: its range (<see cref="IntegerFormats"/>).</param>
internal sealed record TypeRef(ValueKind Kind, string? Name = null, TypeRef? Item = null, string? Format = null)
{
    public static readonly TypeRef String = new(ValueKind.String);
    public static readonly TypeRef Boolean = new(ValueKind.Boolean);
}

/// <summary>One field of an object: its wire name, C# property name, type and constraints.</summary>
/// <param name="DefaultJson">The documented default, as JSON text (documented, never sent implicitly).</param>
/// <param name="Deprecated">The field is deprecated (<c>[Obsolete]</c>): the reason, empty when none is given; null when not.</param>
/// <param name="Origin">How the upstream schema wrote the field (e.g. <c>oneOf of const</c>), when imported: diffs report
/// changes of form that leave the generated code alone.</param>
/// <param name="Fill">Wire plumbing the client fills itself (<see cref="WireFill"/>): the property is internal.</param>
/// <param name="Either">A required request field that is a scalar or a list of it: the convenience method has an overload for each.</param>
internal sealed record FieldSpec(
    string WireName,
    string PropertyName,
    TypeRef Type,
    bool Required,
    bool Nullable,
    string? Description,
    double? Minimum,
    double? Maximum,
    string? DefaultJson,
    string? Origin = null,
    string? Deprecated = null,
    WireFill Fill = WireFill.None,
    ScalarOrList? Either = null);

/// <summary>
/// A request field that is wire plumbing, not something a caller decides: the client fills it, so the generated
/// property is internal (the serializer, reader and validator still see it; see <see cref="Parsing.WirePlumbing"/>).
/// </summary>
internal enum WireFill
{
    /// <summary>An ordinary field: a public property.</summary>
    None,

    /// <summary>The operation's <c>stream.field</c>: true in the streamed form (set on the wire), absent in the whole one.</summary>
    StreamFlag,

    /// <summary>A body field named as a path parameter (<c>"model"</c> beside <c>/models/{model}/...</c>): sent with the path's value.</summary>
    PathParameter,
}

/// <summary>A generated class with one property per field.</summary>
internal sealed record ObjectTypeSpec(string Name, string? Description, EquatableArray<FieldSpec> Fields);

/// <summary>
/// A generated enum; values keep their wire names. <see cref="UnknownMemberName"/> is the member (value 0) that
/// reading maps wire values to when this version of the spec does not list them: APIs add values, and a response
/// must not fail for it. Validation rejects it in requests.
/// </summary>
/// <param name="Closed">The spec promises no other values: reading an unlisted value is an error, not <see cref="UnknownMemberName"/>.</param>
internal sealed record EnumTypeSpec(string Name, string? Description, EquatableArray<EnumValueSpec> Values, string UnknownMemberName, bool Closed = false);

internal sealed record EnumValueSpec(string WireName, string MemberName, string? Description);

/// <summary>
/// A generated union: exactly one of <see cref="Variants"/>, told apart by JSON token kind; several object variants by
/// the value of their <see cref="Discriminator"/> property, or by a marker property only one of them has.
/// </summary>
internal sealed record UnionTypeSpec(string Name, string? Description, EquatableArray<UnionVariantSpec> Variants, string? Discriminator = null);

/// <summary>One case of a union: its accessor name (e.g. <c>Text</c>, <c>TextList</c>) and type.</summary>
/// <param name="Tag">The discriminator's value for this object variant.</param>
/// <param name="Marker">A property only this object variant has; the one object variant without marker or tag is what is left.</param>
/// <param name="Tag">The discriminator's value that says an object is this variant (it names the variant).</param>
/// <param name="MoreTags">Other values that say so too (OpenAI's web search tool is <c>web_search</c> or <c>web_search_2025_08_26</c>).</param>
internal sealed record UnionVariantSpec(string Name, TypeRef Type, string? Tag = null, string? Marker = null, EquatableArray<string> MoreTags = default)
{
    /// <summary>Every value of the discriminator that says an object is this variant: <see cref="Tag"/> first.</summary>
    public System.Collections.Generic.IEnumerable<string> Tags => Tag is null ? MoreTags : new[] { Tag }.Concat(MoreTags);
}

/// <summary>
/// A key of the spec (its path of keys, joined by <see cref="Separator"/>) and where its name is: in the spec file,
/// or in the overlay that put it there (<see cref="File"/>).
/// </summary>
internal sealed record SpecSpan(string Path, Microsoft.CodeAnalysis.Text.TextSpan Span, Microsoft.CodeAnalysis.Text.LinePositionSpan Lines, string File)
{
    /// <summary>Joins the keys of a path: a character no JSON key of a spec needs.</summary>
    public const char Separator = '\u001f';
}

/// <summary>The values of an operation's <c>abstraction</c> key: which of .NET's AI abstractions its client can be handed to.</summary>
internal static class OperationAbstractions
{
    /// <summary>An OpenAI-style chat completion (<c>messages</c> in, <c>choices</c> out): <c>IChatClient</c>.</summary>
    public const string ChatCompletion = "chat-completion";

    /// <summary>An embeddings call (<c>input</c> or <c>inputs</c> in, vectors out): <c>IEmbeddingGenerator</c>.</summary>
    public const string Embeddings = "embeddings";
}
