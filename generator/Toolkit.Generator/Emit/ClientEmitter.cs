using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>
/// Emits the async client: one method group per operation. Each has a convenience overload (path parameters, then
/// the payload fields as arguments, then query parameters), a stream overload and a <c>{Op}FromFileAsync</c> method
/// where a binary field can be the raw body, and an overload taking the whole request; requests are validated before they are sent, and the
/// runtime transport does the rest.
/// </summary>
internal static class ClientEmitter
{
    private const string Task = "global::System.Threading.Tasks.Task";
    private const string Ct = "global::System.Threading.CancellationToken";
    private const string Paths = "global::Toolkit.Runtime.Transport.ApiPaths";

    /// <summary>The client: its fields and constructors, then each operation's methods, in one class body.</summary>
    public static void Emit(SourceWriter w, SpecModel spec)
    {
        var ns = spec.Namespace;
        var optionsType = "global::" + ns + "." + spec.ClientOptionsName;
        var objects = spec.Objects.ToDictionary(o => o.Name, System.StringComparer.Ordinal);
        var contentTypes = ContentTypes(spec);
        var validation = ValidationPlan.Of(spec);

        w.Open("namespace " + ns);
        w.Doc("summary", $"Client for the {spec.Name} API ({spec.Version}).{(spec.Description is null ? "" : " " + spec.Description)}");
        w.DocXml("remarks", "One method per operation of the API. " + Failures);
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Open("public sealed partial class " + spec.ClientName);
        EmitFields(w, spec, optionsType, contentTypes);
        EmitConstructors(w, spec, optionsType, contentTypes);
        foreach (var op in spec.Operations)
        {
            EmitOperation(w, spec, op, objects[op.RequestTypeName], contentTypes, validation.ChecksRead(op.Response.Body));
        }
        w.Close();
        w.Close();
    }

    /// <summary>What every call may throw, documented once on the client rather than on each method.</summary>
    private const string Failures =
        "Requests are validated before they are sent (<see cref=\"global::Toolkit.Runtime.Validation.RequestValidationException\"/>, nothing sent); "
        + "error answers throw <see cref=\"global::Toolkit.Runtime.Errors.ApiException\"/>; a response that does not match the spec "
        + "<see cref=\"global::Toolkit.Runtime.Json.JsonPayloadException\"/>; a call or attempt longer than <c>Options.Limits</c> (or the "
        + "HttpClient's Timeout) allow <see cref=\"global::Toolkit.Runtime.Errors.ApiTimeoutException\"/>; a service that cannot be reached, "
        + "or a body cut short, <see cref=\"global::Toolkit.Runtime.Errors.ApiConnectionException\"/> (naming the host); a body larger "
        + "than the limits <see cref=\"global::Toolkit.Runtime.Errors.ResponseTooLargeException\"/>.";

    /// <summary>The distinct success content types of a spec's operations: a whole API has one transport for each.</summary>
    public static EquatableArray<string> ContentTypes(SpecModel spec)
        => spec.Operations.Select(o => o.Response.ContentType)
            .Concat(spec.Operations.Any(o => o.Stream is not null) ? new[] { EventStreamContentType } : System.Array.Empty<string>())
            .Distinct(System.StringComparer.OrdinalIgnoreCase).ToEquatableArray();

    /// <summary>The media type of server-sent events: what a streamed form answers.</summary>
    public const string EventStreamContentType = "text/event-stream";

    /// <summary>
    /// <c>Get{Key}Client()</c>: a client of another spec on this client's HttpClient, at this client's base address plus
    /// the subclient's path, with this client's token (when both have a bearer token), limits and response validation,
    /// as they are when it is called. A new client each call: it holds nothing but its options.
    /// </summary>
    private static void EmitSubclient(SourceWriter w, SpecModel spec, SubclientSpec sub)
    {
        var target = sub.Target!;
        var type = "global::" + target.Namespace + "." + target.ClientName;
        var options = "global::" + target.Namespace + "." + target.ClientOptionsName;
        var bearer = spec.Api.Headers.FirstOrDefault(h => h.Bearer && h.Scope == HeaderScope.Client);
        var shared = bearer is not null && target.BearerProperty is not null ? "token, limits and response validation" : "limits and response validation";
        w.Line();
        w.Doc("summary", (sub.Description is null ? "" : sub.Description + " ") + $"A client of the {target.SpecName} API ({target.Version}) on this client's host.");
        w.DocXml("remarks", "It sends through this client's HttpClient to <c>BaseAddress</c>"
            + (sub.Path.Length == 0 ? "" : " + <c>" + SourceWriter.Escape(sub.Path) + "</c>")
            + $" with this client's {shared}, as they are when this is called; each call makes a new client (it holds nothing else).");
        w.Open($"public {type} {sub.MethodName}()");
        w.Open($"var options = new {options}");
        w.Line((sub.Path.Length == 0 ? "BaseAddress = _options.BaseAddress," : $"BaseAddress = {Paths}.Combine(_options.BaseAddress, {SourceWriter.Literal(sub.Path)}),"));
        if (bearer is not null && target.BearerProperty is not null) w.Line($"{target.BearerProperty} = _options.{bearer.PropertyName},");
        w.Line("Limits = _options.Limits,");
        w.Line("ValidateResponses = _options.ValidateResponses,");
        w.Close(";");
        w.Line($"return new {type}(_httpClient, options);");
        w.Close();
    }

    private static void EmitOperation(SourceWriter w, SpecModel spec, OperationSpec op, ObjectTypeSpec request, EquatableArray<string> contentTypes, bool checksResponse)
    {
        var ns = spec.Namespace;
        var requestType = "global::" + ns + "." + op.RequestTypeName;
        var resultType = CSharpTypes.Of(op.Response.Result, ns);
        var taskType = $"{Task}<{resultType}>";
        var method = op.Method;
        var requestOptionsType = "global::" + ns + "." + spec.RequestOptionsName;
        var tail = $"{requestOptionsType}? options = null, {Ct} cancellationToken = default";

        // Arguments in order: path parameters, required payload fields, required query parameters, the request's own
        // options object, the optional query parameters (they have no other place), then the per-call options.
        var fields = OrderedFields(request);
        var raw = op.RawField is null ? null : fields.First(f => f.WireName == op.RawField);
        var callFields = CallFields(op, fields);
        var bag = OptionsField(fields);
        var names = ParameterNames(op, fields);
        var pathDecl = MethodPath(op).Select(p => (p.PropertyName is null ? "string " : "string? ") + names.Path[p]).ToList();
        var pathArgs = MethodPath(op).Select(p => names.Path[p]).ToList();
        var requiredQuery = op.QueryParameters.Where(q => q.Required).ToList();
        var optionalQuery = op.QueryParameters.Where(q => !q.Required).ToList();
        string QueryDecl(QueryParameterSpec q) => q.Required ? $"{CSharpTypes.Of(q.Type, ns)} {names.Query[q]}" : $"{CSharpTypes.Of(q.Type, ns)}? {names.Query[q]} = null";

        // Convenience overload: what the call cannot go without, as arguments, and the spec's own options object.
        // Other optional fields are set on the request (the whole-request overload): a field the API adds never moves
        // or retypes a parameter. A field that is a scalar or a list of it has an overload for each form.
        var set = callFields.Concat(bag is null ? System.Array.Empty<FieldSpec>() : new[] { bag }).ToList();
        var either = Either(op, fields);
        foreach (var list in either is null ? new[] { false } : new[] { false, true })
        {
            var args = Convenience(op, fields, names, ns, list).Select(p => p.Optional ? $"{p.Type} {p.Name} = null" : $"{p.Type} {p.Name}")
                .Concat(new[] { tail });
            string Value(FieldSpec f) => f != either ? names.Fields[f]
                : $"global::{ns}.{f.Either!.Union}.From{(list ? f.Either.ListVariant : f.Either.ScalarVariant)}({names.Fields[f]})";
            var initializer = set.Count == 0 ? "()" : " { " + string.Join(", ", set.Select(f => $"{f.PropertyName} = {Value(f)}")) + " }";
            var forward = pathArgs.Concat(new[] { $"new {requestType}{initializer}" }).Concat(requiredQuery.Concat(optionalQuery).Select(q => names.Query[q])).Concat(new[] { "options", "cancellationToken" });
            WriteMethodDocs(w, spec, op, set, op.QueryParameters.ToList(), names, null);
            if (op.Deprecated is not null) w.Line(SourceWriter.Obsolete(op.Deprecated));
            w.Line($"public {taskType} {method}({string.Join(", ", args)})");
            w.Indent();
            w.Line($"=> {method}({string.Join(", ", forward)});");
            w.Unindent();
            w.Line();
        }

        if (raw is not null && fields[0] == raw)
        {
            EmitStreamAndFileOverloads(w, spec, op, fields, names, raw, taskType, method, tail, pathDecl, pathArgs, QueryDecl);
        }

        // The whole request.
        w.Doc("summary", Summary(spec, op));
        foreach (var p in MethodPath(op)) WritePathParamDoc(w, spec, p, names.Path[p]);
        w.Doc("param", "The whole request payload.", " name=\"request\"");
        foreach (var q in op.QueryParameters) w.Doc("param", QueryDoc(q), $" name=\"{names.Query[q].TrimStart('@')}\"");
        w.Doc("param", "Per-request headers; null sends none of them.", " name=\"options\"");
        w.Doc("param", "Cancels the call, loading retries included.", " name=\"cancellationToken\"");
        w.Doc("returns", op.Response.Description ?? "The parsed response.");
        // The other failures every call shares are listed once, in the client's remarks.
        w.Line("/// <exception cref=\"global::Toolkit.Runtime.Errors.ApiException\">The API answered with an error status.</exception>");
        if (op.Poll is not null)
        {
            w.Line("/// <exception cref=\"global::Toolkit.Runtime.Errors.ApiJobFailedException\">The job ended neither pending nor done (its last answer is in the exception).</exception>");
            w.Line("/// <exception cref=\"global::Toolkit.Runtime.Errors.ApiTimeoutException\">The job was still pending after the spec's last poll.</exception>");
        }
        var wholeArgs = pathDecl.Concat(new[] { $"{requestType} request" })
            .Concat(requiredQuery.Select(QueryDecl)).Concat(optionalQuery.Select(QueryDecl)).Concat(new[] { tail });
        if (op.Deprecated is not null) w.Line(SourceWriter.Obsolete(op.Deprecated));
        w.Open($"public {(op.Poll is null ? "" : "async ")}{taskType} {method}({string.Join(", ", wholeArgs)})");
        EmitValidateAndBuildUri(w, spec, op, pathArgs, names);
        var reader = checksResponse ? Naming.HelperNames.ReadResponse(op.MethodName) : Reader(spec, op);
        var sendRest = $"{reader}, " + (spec.Errors?.LoadingStatus is not null ? "_options.LoadingRetry" : "null") + ", " + Secret(spec) + ", _options.Limits";
        var send = $"{TransportOf(op, contentTypes)}.SendAsync(() => {Naming.HelperNames.CreateRequest(op.MethodName)}(uri, request, options{FillArguments(op, request, names, resolved: true)}), {sendRest}, cancellationToken, {Naming.HelperNames.OperationField(op.MethodName)})";
        if (op.Poll is null)
        {
            w.Line($"return {send};");
        }
        else
        {
            // The answer is a job: ask again at its address (from its first answer, as the reference clients do) until it
            // is done (JobPolling bounds the asks); then its last answer, or the result at the result's address, is the answer.
            var transport = TransportOf(op, contentTypes);
            var jobRest = op.Poll.Job is null ? sendRest
                : $"global::{ns}.{spec.SerializerName}.{Naming.Names.ForJob(op.MethodName).Deserialize}, " + (spec.Errors?.LoadingStatus is not null ? "_options.LoadingRetry" : "null") + ", " + Secret(spec) + ", _options.Limits";
            var submit = $"{transport}.SendAsync(() => {Naming.HelperNames.CreateRequest(op.MethodName)}(uri, request, options{FillArguments(op, request, names, resolved: true)}), {jobRest}, cancellationToken, {Naming.HelperNames.OperationField(op.MethodName)})";
            w.Line($"var first = await {submit}.ConfigureAwait(false);");
            var wait = $"global::Toolkit.Runtime.Transport.JobPolling.PollAsync(first, static j => j{op.Poll.Status.Access}, (j, ct) => {transport}.SendAsync(() => {Naming.HelperNames.CreatePollRequest(op.MethodName)}(first), {jobRest}, ct, {Naming.HelperNames.OperationField(op.MethodName)}), "
                + $"{Naming.HelperNames.PollStates(op.MethodName)}, cancellationToken)";
            if (op.Poll.Job is null)
            {
                w.Line($"return await {wait}.ConfigureAwait(false);");
            }
            else
            {
                w.Line($"await {wait}.ConfigureAwait(false);");
                w.Line($"return await {transport}.SendAsync(() => {Naming.HelperNames.CreateResultRequest(op.MethodName)}(first), {sendRest}, cancellationToken, {Naming.HelperNames.OperationField(op.MethodName)}).ConfigureAwait(false);");
            }
        }
        w.Close();
        w.Line();
        if (op.Poll is not null) EmitPoll(w, spec, op);

        // What the call's activity and metrics say about it (Toolkit.Runtime.Telemetry): names from the spec, no values.
        w.Line($"private static readonly global::Toolkit.Runtime.Telemetry.ApiOperation {Naming.HelperNames.OperationField(op.MethodName)} = new({SourceWriter.Literal(spec.Name)}, "
            + $"{SourceWriter.Literal(op.Key)}, {SourceWriter.Literal(op.HttpMethod)}, {SourceWriter.Literal(op.PathTemplate)});");
        w.Line();

        if (op.Stream is { } stream) EmitStream(w, spec, op, request, stream, requestType, pathDecl, pathArgs, requiredQuery.Select(QueryDecl).Concat(optionalQuery.Select(QueryDecl)).ToList(), names, contentTypes, tail);

        EmitBuildUri(w, spec, op, names);
        EmitCreateRequest(w, spec, op, request, requestType, requestOptionsType);
        EmitReadResponse(w, spec, op, resultType, checksResponse);
    }

    /// <summary>What both forms of a call do before sending: check the request against the spec, then build the URI.</summary>
    private static void EmitValidateAndBuildUri(SourceWriter w, SpecModel spec, OperationSpec op, List<string> pathArgs, ParameterSet names)
    {
        w.Line("global::System.ArgumentNullException.ThrowIfNull(request);");
        w.Line($"var errors = global::{spec.Namespace}.{spec.ValidatorName}.{op.Names.ValidateRequest}(request);");
        w.Line("if (errors.Count > 0) throw new global::Toolkit.Runtime.Validation.RequestValidationException(errors);");
        w.Line($"var uri = {Naming.HelperNames.BuildUri(op.MethodName)}({string.Join(", ", pathArgs.Concat(op.QueryParameters.Select(q => names.Query[q])))});");
    }

    /// <summary>
    /// <c>{Op}StreamAsync</c>: the streamed form, as server-sent events read one by one. Errors and retries happen
    /// before the first event; leaving the loop disposes the response and closes the connection.
    /// </summary>
    private static void EmitStream(SourceWriter w, SpecModel spec, OperationSpec op, ObjectTypeSpec request, StreamSpec stream, string requestType, List<string> pathDecl,
        List<string> pathArgs, List<string> queryDecl, ParameterSet names, EquatableArray<string> contentTypes, string tail)
    {
        var ns = spec.Namespace;
        var eventType = CSharpTypes.Of(stream.Event, ns);
        var transport = Transports(contentTypes).First(t => t.ContentType == EventStreamContentType).Field;
        w.Doc("summary", (stream.Description ?? Summary(spec, op)) + " Streamed: each server-sent event as it arrives.");
        foreach (var p in MethodPath(op)) WritePathParamDoc(w, spec, p, names.Path[p]);
        w.Doc("param", stream.Field is null ? "The whole request payload." : $"The whole request payload; the client sends it with {stream.Field} = true.", " name=\"request\"");
        foreach (var q in op.QueryParameters) w.Doc("param", QueryDoc(q), $" name=\"{names.Query[q].TrimStart('@')}\"");
        w.Doc("param", "Per-request headers; null sends none of them.", " name=\"options\"");
        w.Doc("param", "Cancels the call and the stream; leaving the loop early closes the connection too.", " name=\"cancellationToken\"");
        w.Doc("returns", "The events, in order, as they arrive" + (stream.Sentinel is null ? "." : $"; the stream ends at {stream.Sentinel}."));
        w.Line("/// <exception cref=\"global::Toolkit.Runtime.Validation.RequestValidationException\">The request breaks the spec's rules; nothing was sent.</exception>");
        w.Line("/// <exception cref=\"global::Toolkit.Runtime.Errors.ApiException\">The API answered with an error status, before the first event.</exception>");
        w.Line("/// <exception cref=\"global::Toolkit.Runtime.Streams.StreamErrorEventException\">The service sent an error inside the stream.</exception>");
        w.Line("/// <exception cref=\"global::Toolkit.Runtime.Streams.EventStreamException\">An event does not match the spec, is too large, or the stream ended early; names the event.</exception>");
        w.Line("/// <exception cref=\"global::Toolkit.Runtime.Errors.ApiTimeoutException\">Before the first event, an attempt or the call took longer than <c>Options.Limits</c> (or the HttpClient's Timeout) allow; then no event came for <c>StreamIdleTimeout</c>, or the stream outran <c>StreamTimeout</c>.</exception>");
        w.Line("/// <exception cref=\"global::Toolkit.Runtime.Errors.ApiConnectionException\">The service could not be reached; names the host.</exception>");
        var args = pathDecl.Concat(new[] { $"{requestType} request" }).Concat(queryDecl)
            .Concat(new[] { tail.Replace(Ct + " cancellationToken", "[global::System.Runtime.CompilerServices.EnumeratorCancellation] " + Ct + " cancellationToken") });
        if (op.Deprecated is not null) w.Line(SourceWriter.Obsolete(op.Deprecated));
        w.Open($"public async global::System.Collections.Generic.IAsyncEnumerable<{eventType}> {stream.Method}({string.Join(", ", args)})");
        EmitValidateAndBuildUri(w, spec, op, pathArgs, names);
        w.Line($"var response = await {transport}.SendAsync(() => {Naming.HelperNames.CreateStreamRequest(op.MethodName)}(uri, request, options{FillArguments(op, request, names, resolved: true)}), "
            + (spec.Errors?.LoadingStatus is not null ? "_options.LoadingRetry" : "null") + ", "
            + Secret(spec)
            + $", _options.Limits, cancellationToken, {Naming.HelperNames.OperationField(op.MethodName)}).ConfigureAwait(false);");
        w.Line($"var events = global::Toolkit.Runtime.Streams.EventStreams.ReadAsync(response, {Naming.HelperNames.StreamFormat(op.MethodName)}, static data => global::{ns}.{spec.SerializerName}.{stream.DeserializeEvent}(data), cancellationToken);");
        w.Line("await foreach (var item in global::System.Threading.Tasks.TaskAsyncEnumerableExtensions.ConfigureAwait(events, false)) yield return item;");
        w.Close();
        w.Line();
        w.Line($"internal static readonly global::Toolkit.Runtime.Streams.EventStreamFormat {Naming.HelperNames.StreamFormat(op.MethodName)} = new({Nullable(stream.Sentinel)}, {Nullable(stream.ErrorField)}, {Nullable(stream.ErrorEvent)});");
        w.Line();
        w.Open($"private global::System.Net.Http.HttpRequestMessage {Naming.HelperNames.CreateStreamRequest(op.MethodName)}(global::System.Uri uri, {requestType} request, global::{ns}.{spec.RequestOptionsName}? options{FillParameters(op, request)})");
        w.Line($"var message = {Naming.HelperNames.CreateRequest(op.MethodName)}(uri, request, options{FillArguments(op, request, names, resolved: false)});");
        w.Line($"message.Headers.Accept.ParseAdd({SourceWriter.Literal(EventStreamContentType)});");
        if (stream.Field is { } field)
        {
            // Set on the wire, never on the caller's object: the same request may be sent whole elsewhere.
            w.Line($"global::Toolkit.Runtime.Streams.StreamRequests.SetTrue(message, {SourceWriter.Literal(field)}, {SourceWriter.Literal(op.JsonContentType)}, request, "
                + $"static (output, value) => global::{ns}.{spec.SerializerName}.{op.Names.SerializeRequest}(output, value));");
        }
        w.Line("return message;");
        w.Close();
        w.Line();
    }

    private static void EmitFields(SourceWriter w, SpecModel spec, string optionsType, EquatableArray<string> contentTypes)
    {
        var e = spec.Errors;
        var format = e is null
            ? "new global::Toolkit.Runtime.Errors.ApiErrorFormat(\"error\")"
            : "new global::Toolkit.Runtime.Errors.ApiErrorFormat(" + string.Join(", ",
                SourceWriter.Literal(e.MessageField),
                Nullable(e.EstimatedTimeField),
                Nullable(e.RequestIdHeader),
                e.LoadingStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null",
                Nullable(e.LoadingRetryHeader)) + ")";
        if (e is { Bodies.Count: > 0 })
        {
            // Error bodies documented per status are read into their types as well (ApiException.Body).
            format += " { BodyReader = ReadErrorBody }";
        }
        w.Line($"internal static readonly global::Toolkit.Runtime.Errors.ApiErrorFormat ErrorFormat = {format};");
        if (e is { Bodies.Count: > 0 })
        {
            w.Line();
            w.Line("private static object? ReadErrorBody(int status, global::System.ReadOnlyMemory<byte> body) => status switch");
            w.Line("{");
            w.Indent();
            foreach (var body in e.Bodies)
            {
                w.Line($"{body.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)} => global::{spec.Namespace}.{spec.SerializerName}.{body.DeserializeName}(body),");
            }
            w.Line("_ => null,");
            w.Unindent();
            w.Line("};");
        }
        w.Line($"private readonly {optionsType} _options;");
        if (!spec.Api.Subclients.IsEmpty) w.Line("private readonly global::System.Net.Http.HttpClient _httpClient;");
        // One transport per success content type: operations answer JSON, images, audio...
        foreach (var (contentType, field) in Transports(contentTypes)) w.Line($"private readonly global::Toolkit.Runtime.Transport.ApiTransport {field};");
        w.Line();
    }

    /// <summary>
    /// The secret the transport scrubs from what the service echoes into errors: the bearer token, else an API key
    /// sent in the query.
    /// </summary>
    private static string Secret(SpecModel spec)
    {
        var bearer = spec.Api.Headers.FirstOrDefault(h => h.Bearer && h.Scope == HeaderScope.Client);
        if (bearer is not null) return "_options." + bearer.PropertyName;
        var key = spec.Api.ClientQuery.FirstOrDefault(q => q.Secret);
        return key is null ? "null" : "_options." + key.PropertyName;
    }

    /// <summary>The transports of the client, one per distinct success content type, with their field names.</summary>
    private static List<(string ContentType, string Field)> Transports(EquatableArray<string> contentTypes)
    {
        var result = new List<(string, string)>();
        var used = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var c in contentTypes)
        {
            // Named from the media type: */* is _transportAnyAny, text/plain _transportTextPlain; the first is _transport.
            var field = Naming.HelperNames.TransportField(c, result.Count == 0);
            while (!used.Add(field)) field += "Alt";
            result.Add((c, field));
        }
        return result;
    }

    private static string TransportOf(OperationSpec op, EquatableArray<string> contentTypes)
        => Transports(contentTypes).First(t => string.Equals(t.ContentType, op.Response.ContentType, System.StringComparison.OrdinalIgnoreCase)).Field;

    private static void EmitConstructors(SourceWriter w, SpecModel spec, string optionsType, EquatableArray<string> contentTypes)
    {
        w.DocXml("summary", "Creates a client that sends through <paramref name=\"httpClient\"/> (yours to configure and dispose).");
        w.Doc("param", "The HTTP client to send with, e.g. from IHttpClientFactory.", " name=\"httpClient\"");
        w.Doc("param", "Base address, token and the other per-client settings.", " name=\"options\"");
        w.Open($"public {spec.ClientName}(global::System.Net.Http.HttpClient httpClient, {optionsType} options)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(httpClient);");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(options);");
        w.Line("_options = options;");
        if (!spec.Api.Subclients.IsEmpty) w.Line("_httpClient = httpClient;");
        foreach (var (contentType, field) in Transports(contentTypes))
        {
            w.Line($"{field} = new global::Toolkit.Runtime.Transport.ApiTransport(httpClient, ErrorFormat, {SourceWriter.Literal(contentType)});");
        }
        w.Close();
        w.Line();
        w.DocXml("summary", "Creates a client that sends through <paramref name=\"handler\"/>, which stays yours to dispose.");
        w.Doc("param", "The message handler to send with.", " name=\"handler\"");
        w.Doc("param", "Base address, token and the other per-client settings.", " name=\"options\"");
        w.Line($"public {spec.ClientName}(global::System.Net.Http.HttpMessageHandler handler, {optionsType} options)");
        w.Indent();
        w.Line(": this(new global::System.Net.Http.HttpClient(handler ?? throw new global::System.ArgumentNullException(nameof(handler)), disposeHandler: false), options)");
        w.Unindent();
        w.Line("{");
        w.Line("}");
        w.Line();
        w.Doc("summary", "The options this client was created with.");
        w.Line($"public {optionsType} Options => _options;");
        foreach (var sub in spec.Api.Subclients) EmitSubclient(w, spec, sub);
        w.Line();
    }

    private static void EmitStreamAndFileOverloads(
        SourceWriter w, SpecModel spec, OperationSpec op, List<FieldSpec> fields, ParameterSet names, FieldSpec raw,
        string taskType, string method, string tail, List<string> pathDecl, List<string> pathArgs, System.Func<QueryParameterSpec, string> queryDecl)
    {
        var ns = spec.Namespace;
        // As the convenience overload: the raw body, then only what the call cannot go without.
        var rest = fields.Skip(1).Where(f => f.Required).ToList();
        var bag = OptionsField(fields);
        var requiredQuery = op.QueryParameters.Where(q => q.Required).ToList();
        var restDecl = rest.Select(f => ParameterDeclaration(f, names.Fields[f], ns, optional: false))
            .Concat(requiredQuery.Select(queryDecl))
            .Concat(bag is null ? System.Array.Empty<string>() : new[] { ParameterDeclaration(bag, names.Fields[bag], ns, optional: true) })
            .Concat(op.QueryParameters.Where(q => !q.Required).Select(queryDecl))
            .Select(d => d + ", ");
        var restArgs = string.Concat(rest.Select(f => names.Fields[f] + ", ")
            .Concat(requiredQuery.Select(q => names.Query[q] + ", "))
            .Concat(bag is null ? System.Array.Empty<string>() : new[] { names.Fields[bag] + ", " })
            .Concat(op.QueryParameters.Where(q => !q.Required).Select(q => names.Query[q] + ", ")));
        var documented = new[] { raw }.Concat(rest).Concat(bag is null ? System.Array.Empty<FieldSpec>() : new[] { bag }).ToList();
        var lead = string.Concat(pathDecl.Select(d => d + ", "));
        var leadArgs = string.Concat(pathArgs.Select(a => a + ", "));
        var rawName = names.Fields[raw];

        WriteMethodDocs(w, spec, op, documented, op.QueryParameters.ToList(), names, "stream");
        if (op.Deprecated is not null) w.Line(SourceWriter.Obsolete(op.Deprecated));
        w.Open($"public async {taskType} {method}({lead}global::System.IO.Stream {rawName}, {string.Concat(restDecl)}{tail})");
        w.Line($"global::System.ArgumentNullException.ThrowIfNull({rawName});");
        w.Line("using var buffer = new global::System.IO.MemoryStream();");
        w.Line($"await {rawName}.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);");
        w.Line($"return await {method}({leadArgs}new global::System.ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length), {restArgs}options, cancellationToken).ConfigureAwait(false);");
        w.Close();
        w.Line();

        // A path is a string, as base64 data may be: the file form has its own name, so that a data field that becomes
        // binary never leaves an old SegmentAsync("iVBOR...") call compiling against a method that opens a file.
        var pathName = rawName + "Path";
        WriteMethodDocs(w, spec, op, documented, op.QueryParameters.ToList(), names, "file");
        if (op.Deprecated is not null) w.Line(SourceWriter.Obsolete(op.Deprecated));
        w.Open($"public async {taskType} {op.FromFileMethod}({lead}string {pathName}, {string.Concat(restDecl)}{tail})");
        w.Line($"global::System.ArgumentNullException.ThrowIfNull({pathName});");
        w.Line($"var bytes = await global::System.IO.File.ReadAllBytesAsync({pathName}, cancellationToken).ConfigureAwait(false);");
        w.Line($"return await {method}({leadArgs}bytes, {restArgs}options, cancellationToken).ConfigureAwait(false);");
        w.Close();
        w.Line();
    }

    /// <summary>The operation's own description, else what it calls.</summary>
    private static string Summary(SpecModel spec, OperationSpec op)
        => op.Description ?? $"Calls the {op.Key} operation ({op.HttpMethod} {op.PathTemplate}).";

    private static string QueryDoc(QueryParameterSpec q)
        => (q.Description ?? $"The '{q.Name}' query parameter.") + (q.Required ? "" : " Not sent when null.")
           + (q.DefaultJson is null ? "" : " Server default: " + q.DefaultJson + ".");

    private static void WritePathParamDoc(SourceWriter w, SpecModel spec, PathParameterSpec p, string name)
    {
        var about = p.Description ?? $"The '{p.Name}' path parameter.";
        if (p.PropertyName is not null) about += $" Null uses {spec.ClientOptionsName}.{p.PropertyName}.";
        w.Doc("param", about, $" name=\"{name.TrimStart('@')}\"");
    }

    private static void WriteMethodDocs(SourceWriter w, SpecModel spec, OperationSpec op, List<FieldSpec> fields, List<QueryParameterSpec> query, ParameterSet names, string? rawSource)
    {
        var raw = op.RawField;
        var summary = Summary(spec, op);
        w.Doc("summary", summary + (raw is null ? "" : $" With only '{raw}' set, it goes as the raw body; otherwise as JSON with '{raw}' base64-encoded."));
        foreach (var p in MethodPath(op)) WritePathParamDoc(w, spec, p, names.Path[p]);
        foreach (var f in fields)
        {
            var name = names.Fields[f].TrimStart('@'); // <param name> takes the name without the verbatim prefix
            if (rawSource is not null && f.WireName == raw)
            {
                w.Doc("param", rawSource == "stream" ? $"A stream with the '{f.WireName}' bytes; read to its end." : $"The path of a file holding the '{f.WireName}' bytes.",
                    $" name=\"{(rawSource == "stream" ? name : name + "Path")}\"");
                continue;
            }
            w.Doc("param", f.Description ?? $"The '{f.WireName}' field.", $" name=\"{name}\"");
        }
        foreach (var q in query) w.Doc("param", QueryDoc(q), $" name=\"{names.Query[q].TrimStart('@')}\"");
        w.Doc("param", "Per-request headers; null sends none of them.", " name=\"options\"");
        w.Doc("param", "Cancels the call, loading retries included.", " name=\"cancellationToken\"");
        w.Doc("returns", op.Response.Description ?? "The parsed response.");
    }

    private static void EmitBuildUri(SourceWriter w, SpecModel spec, OperationSpec op, ParameterSet names)
    {
        var parameters = MethodPath(op).Select(p => "string? " + names.Path[p])
            .Concat(op.QueryParameters.Select(q => CSharpTypes.Of(q.Type, spec.Namespace) + "? " + names.Query[q]));
        w.Open($"private global::System.Uri {Naming.HelperNames.BuildUri(op.MethodName)}({string.Join(", ", parameters)})");
        w.Line($"if (_options.BaseAddress is null) throw new global::System.InvalidOperationException(\"{spec.ClientOptionsName}.BaseAddress must be set.\");");
        var values = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var p in op.PathParameters)
        {
            var local = Local(p.ParameterName ?? p.PropertyName!);
            values[p.Name] = local;
            if (p.ParameterName is null)
            {
                // A client option only (a one-operation spec's path parameters).
                w.Line($"var {local} = _options.{p.PropertyName};");
                w.Line($"if (string.IsNullOrEmpty({local})) throw new global::System.InvalidOperationException(" +
                       SourceWriter.Literal($"{spec.ClientOptionsName}.{p.PropertyName} must be set: it fills {{{p.Name}}} in {op.PathTemplate}.") + ");");
                continue;
            }
            var argument = names.Path[p];
            w.Line($"var {local} = {argument}{(p.PropertyName is null ? "" : " ?? _options." + p.PropertyName)};");
            var message = p.PropertyName is null
                ? $"'{argument.TrimStart('@')}' must not be empty: it fills {{{p.Name}}} in {op.PathTemplate}."
                : $"Pass '{argument.TrimStart('@')}' or set {spec.ClientOptionsName}.{p.PropertyName}: it fills {{{p.Name}}} in {op.PathTemplate}.";
            w.Line($"if (string.IsNullOrEmpty({local})) throw new global::System.ArgumentException({SourceWriter.Literal(message)}, {SourceWriter.Literal(argument.TrimStart('@'))});");
        }
        foreach (var h in spec.Api.Headers.Where(h => h.Scope == HeaderScope.Client && h.Required))
        {
            w.Line($"if (_options.{h.PropertyName} is null) throw new global::System.InvalidOperationException(" +
                   SourceWriter.Literal($"{spec.ClientOptionsName}.{h.PropertyName} must be set (header '{h.Name}').") + ");");
        }
        var byName = op.PathParameters.ToDictionary(p => p.Name, System.StringComparer.Ordinal);
        var parts = op.Segments.Select(s => s.Parameter is null
            ? SourceWriter.Literal(s.Text)
            : $"{Paths}.Escape({values[s.Parameter]}, allowSlashes: {(byName[s.Parameter].AllowSlashes ? "true" : "false")})").ToList();
        var path = string.Join(" + ", parts);
        if (op.QueryParameters.Count > 0 || op.QueryConstants.Count > 0 || spec.Api.ClientQuery.Count > 0)
        {
            var pairs = op.QueryConstants.Select(c => $"({SourceWriter.Literal(c.Name)}, {SourceWriter.Literal(c.Value)})")
                .Concat(op.QueryParameters.Select(q => $"({SourceWriter.Literal(q.Name)}, {QueryValue(spec, q, names.Query[q])})"))
                .Concat(spec.Api.ClientQuery.Select(q => $"({SourceWriter.Literal(q.Name)}, _options.{q.PropertyName})"));
            path = $"{path} + {Paths}.Query({string.Join(", ", pairs)})";
        }
        w.Line($"return {Paths}.Combine(_options.BaseAddress, {path});");
        w.Close();
        w.Line();
    }

    /// <summary>A query parameter's value as text (null when not set), formatted as the wire wants it.</summary>
    private static string QueryValue(SpecModel spec, QueryParameterSpec q, string name) => q.Type.Kind switch
    {
        ValueKind.Boolean => $"{name} is {{ }} b{q.ParameterName} ? (b{q.ParameterName} ? \"true\" : \"false\") : null",
        ValueKind.Number => $"{name}?.ToString(\"R\", global::System.Globalization.CultureInfo.InvariantCulture)",
        ValueKind.Integer or ValueKind.Long or ValueKind.ULong => $"{name}?.ToString(global::System.Globalization.CultureInfo.InvariantCulture)",
        ValueKind.Enum => $"{name} is {{ }} e{q.ParameterName} ? global::{spec.Namespace}.{spec.SerializerName}.ToWireName(e{q.ParameterName}) : null",
        _ => name,
    };

    /// <summary>The <c>HttpMethod</c> of a spec's method: the shared instance (a new one is 64 bytes a call).</summary>
    internal static string Method(string method) => method switch
    {
        "GET" => "global::System.Net.Http.HttpMethod.Get",
        "POST" => "global::System.Net.Http.HttpMethod.Post",
        "PUT" => "global::System.Net.Http.HttpMethod.Put",
        "PATCH" => "global::System.Net.Http.HttpMethod.Patch",
        "DELETE" => "global::System.Net.Http.HttpMethod.Delete",
        _ => $"new global::System.Net.Http.HttpMethod({SourceWriter.Literal(method)})",
    };

    /// <summary>The job's states and the builder of a poll: <c>GET</c> the job's address (its placeholders from the answer) with the client's and the operation's headers.</summary>
    private static void EmitPoll(SourceWriter w, SpecModel spec, OperationSpec op)
    {
        var poll = op.Poll!;
        string Strings(EquatableArray<string> values) => "new string[] { " + string.Join(", ", values.Select(SourceWriter.Literal)) + " }";
        w.Line($"private static readonly global::Toolkit.Runtime.Transport.JobStates {Naming.HelperNames.PollStates(op.MethodName)} = new({SourceWriter.Literal(op.Key)}, "
            + $"{Strings(poll.Pending)}, {Strings(poll.Done)}, global::System.TimeSpan.FromMilliseconds({poll.IntervalMs.ToString(System.Globalization.CultureInfo.InvariantCulture)}), "
            + $"{poll.MaxPolls.ToString(System.Globalization.CultureInfo.InvariantCulture)});");
        w.Line();
        var answer = CSharpTypes.Of(poll.Job ?? op.Response.Body, spec.Namespace);
        EmitJobRequest(w, spec, op, Naming.HelperNames.CreatePollRequest(op.MethodName), answer, poll.Parts);
        if (!poll.Result.IsEmpty) EmitJobRequest(w, spec, op, Naming.HelperNames.CreateResultRequest(op.MethodName), answer, poll.Result);
    }

    /// <summary>A <c>GET</c> of a job's address (its placeholders from the job's first answer) with the client's and the operation's headers.</summary>
    private static void EmitJobRequest(SourceWriter w, SpecModel spec, OperationSpec op, string name, string answer, EquatableArray<PollPart> address)
    {
        w.Open($"private global::System.Net.Http.HttpRequestMessage {name}({answer} job)");
        var parts = address.Select(p => p.Field is null ? SourceWriter.Literal(p.Text)
            : p.UrlPath ? $"{Paths}.PathOf(job{p.Field.Access}, {SourceWriter.Literal(p.Field.JsonPath)})"
            : $"{Paths}.Escape(job{p.Field.Access} ?? throw new global::Toolkit.Runtime.Json.JsonPayloadException({SourceWriter.Literal(p.Field.JsonPath)}, \"a string (the job's address)\", \"nothing\"), allowSlashes: false)");
        w.Line($"var message = new global::System.Net.Http.HttpRequestMessage(global::System.Net.Http.HttpMethod.Get, {Paths}.Combine(_options.BaseAddress, {string.Join(" + ", parts)}));");
        // The operation's own headers go with its polls too: the reference clients ask again with the first call's headers.
        EmitCallHeaders(w, spec, op);
        w.Line("return message;");
        w.Close();
        w.Line();
    }

    /// <summary>
    /// The client-scope headers (the bearer token among them) onto <c>message</c>, which every request of the client
    /// carries, then the operation's own constant headers.
    /// </summary>
    private static void EmitCallHeaders(SourceWriter w, SpecModel spec, OperationSpec op)
    {
        foreach (var h in spec.Api.Headers.Where(h => h.Scope == HeaderScope.Client))
        {
            if (h.Bearer)
            {
                w.Line($"if (!string.IsNullOrEmpty(_options.{h.PropertyName})) global::Toolkit.Runtime.Transport.ApiHeaders.AddBearer(message, {SourceWriter.Literal(h.Name)}, _options.{h.PropertyName});");
            }
            else
            {
                w.Line($"if (_options.{h.PropertyName} is {{ }} {Local(h.PropertyName)}) global::Toolkit.Runtime.Transport.ApiHeaders.Add(message, {SourceWriter.Literal(h.Name)}, {FormatHeader(h, Local(h.PropertyName))});");
            }
        }
        foreach (var h in op.HeaderConstants)
        {
            w.Line($"global::Toolkit.Runtime.Transport.ApiHeaders.Add(message, {SourceWriter.Literal(h.Name)}, {SourceWriter.Literal(h.Value)});");
        }
    }

    private static void EmitCreateRequest(SourceWriter w, SpecModel spec, OperationSpec op, ObjectTypeSpec request, string requestType, string requestOptionsType)
    {
        w.Open($"private global::System.Net.Http.HttpRequestMessage {Naming.HelperNames.CreateRequest(op.MethodName)}(global::System.Uri uri, {requestType} request, {requestOptionsType}? options{FillParameters(op, request)})");
        w.Line($"var message = new global::System.Net.Http.HttpRequestMessage({Method(op.HttpMethod)}, uri);");
        EmitCallHeaders(w, spec, op);
        var perRequest = spec.Api.Headers.Where(h => h.Scope == HeaderScope.Request).ToList();
        if (perRequest.Count > 0)
        {
            w.Open("if (options is not null)");
            foreach (var h in perRequest)
            {
                w.Line($"if (options.{h.PropertyName} is {{ }} {Local(h.PropertyName)}) global::Toolkit.Runtime.Transport.ApiHeaders.Add(message, {SourceWriter.Literal(h.Name)}, {FormatHeader(h, Local(h.PropertyName))});");
            }
            w.Close();
        }
        if (request.Fields.Count > 0)
        {
            if (op.IsForm)
            {
                // A file upload: the parts the serializer writes, one per field set.
                w.Line("var form = new global::Toolkit.Runtime.Transport.FormBody();");
                w.Line($"global::{spec.Namespace}.{spec.SerializerName}.{op.Names.WriteForm}(form, request);");
                w.Line("message.Content = form.Content;");
                w.Line("return message;");
                w.Close();
                w.Line();
                return;
            }
            var raw = op.RawField is null ? null : request.Fields.First(f => f.WireName == op.RawField);
            var others = request.Fields.Where(f => f != raw).ToList();
            var rawValue = raw is null ? null : raw.Required && !raw.Nullable ? "request." + raw.PropertyName : $"request.{raw.PropertyName}.GetValueOrDefault()";
            if (raw is not null && others.Count == 0)
            {
                // The binary field is the whole payload (an imported image/* or octet-stream body): always raw.
                w.Line($"message.Content = new global::System.Net.Http.ReadOnlyMemoryContent({rawValue});");
                w.Line($"message.Content.Headers.ContentType = new global::System.Net.Http.Headers.MediaTypeHeaderValue({SourceWriter.Literal(op.RawContentType)});");
                w.Line("return message;");
                w.Close();
                w.Line();
                return;
            }
            if (raw is not null && others.All(f => !(f.Required && !f.Nullable)))
            {
                // The documented raw mode: the binary field alone is the body, so no base64 inflation.
                var condition = string.Join(" && ", others.Select(f => $"request.{f.PropertyName} is null"));
                w.Open($"if ({condition})");
                w.Line($"message.Content = new global::System.Net.Http.ReadOnlyMemoryContent({rawValue});");
                w.Line($"message.Content.Headers.ContentType = new global::System.Net.Http.Headers.MediaTypeHeaderValue({SourceWriter.Literal(op.RawContentType)});");
                w.Line("return message;");
                w.Close();
            }
            // Sized in advance from the binary fields (base64 grows them by 4/3), pooled, and sent without a copy.
            var binary = request.Fields.Where(f => f.Type.Kind == ValueKind.Binary)
                .Select(f => f.Required && !f.Nullable ? $"request.{f.PropertyName}.Length" : $"(request.{f.PropertyName}?.Length ?? 0)").ToList();
            var hint = binary.Count == 0 ? "" : $"(int)global::System.Math.Min(global::System.Array.MaxLength, 260L + ((long){string.Join(" + (long)", binary)}) / 3 * 4)";
            w.Line($"using var body = new global::Toolkit.Runtime.Json.PooledBufferWriter({(hint.Length == 0 ? "256" : hint)});");
            w.Line($"global::{spec.Namespace}.{spec.SerializerName}.{op.Names.SerializeRequest}(body, request);");
            w.Line($"message.Content = body.ToContent({SourceWriter.Literal(op.JsonContentType)});");
            foreach (var (field, p) in PathFills(op, request))
            {
                // The body repeats the path's value: sent from the path, so the two never disagree (WirePlumbing).
                w.Line($"if ({FillName(p)} is not null) global::Toolkit.Runtime.Transport.RequestBodies.SetString(message, {SourceWriter.Literal(field.WireName)}, {FillName(p)});");
            }
        }
        w.Line("return message;");
        w.Close();
        w.Line();
    }

    /// <summary>
    /// The transport's reader of an operation whose reader enforces every rule: the generated deserializer itself, or,
    /// for a <c>single</c> response, one that returns the only element of the array it reads. The contract's
    /// <c>ReadAnswerAsync</c> reads the same way.
    /// </summary>
    internal static string Reader(SpecModel spec, OperationSpec op)
    {
        var deserialize = $"global::{spec.Namespace}.{spec.SerializerName}.{op.Names.DeserializeResponse}";
        return op.Response.Single ? $"static body => {SingleElement}({deserialize}(body))" : deserialize;
    }

    /// <summary>The runtime's one unwrapping of a one-element array (<c>"single"</c>), which refuses any other count.</summary>
    private const string SingleElement = "global::Toolkit.Runtime.Json.JsonReading.SingleElement";

    private static void EmitReadResponse(SourceWriter w, SpecModel spec, OperationSpec op, string resultType, bool checksResponse)
    {
        // A response whose reader enforces every rule (see ValidationPlan) is handed to the transport's reader as is.
        if (!checksResponse) return;
        w.Open($"private {resultType} {Naming.HelperNames.ReadResponse(op.MethodName)}(global::System.ReadOnlyMemory<byte> body)");
        w.Line($"var result = global::{spec.Namespace}.{spec.SerializerName}.{op.Names.DeserializeResponse}(body);");
        w.Open("if (_options.ValidateResponses)");
        w.Line($"var errors = global::{spec.Namespace}.{spec.ValidatorName}.{op.Names.ValidateResponse}(result);");
        w.Line("if (errors.Count > 0) throw new global::Toolkit.Runtime.Validation.ResponseValidationException(errors);");
        w.Close();
        w.Line(op.Response.Single ? $"return {SingleElement}(result);" : "return result;");
        w.Close();
        w.Line();
    }

    private static string FormatHeader(HeaderSpec h, string value) => h.Type.Kind switch
    {
        ValueKind.Boolean => $"{value} ? \"true\" : \"false\"",
        ValueKind.Number => $"{value}.ToString(\"R\", global::System.Globalization.CultureInfo.InvariantCulture)",
        ValueKind.Integer or ValueKind.Long or ValueKind.ULong => $"{value}.ToString(global::System.Globalization.CultureInfo.InvariantCulture)",
        _ => value,
    };

    private static string ParameterDeclaration(FieldSpec f, string name, string ns, bool optional)
        => f.Required && !f.Nullable ? $"{CSharpTypes.Of(f.Type, ns)} {name}"
            : optional ? $"{CSharpTypes.Of(f.Type, ns)}? {name} = null"
            : $"{CSharpTypes.Of(f.Type, ns)}? {name}";

    /// <summary>
    /// The request's own options object, the one optional field a convenience call takes: an optional object field
    /// named <c>parameters</c>, the Hugging Face tasks' shape (<c>{"inputs": ..., "parameters": {...}}</c>).
    /// </summary>
    private static FieldSpec? OptionsField(List<FieldSpec> fields)
        => fields.FirstOrDefault(f => !f.Required && f.Type.Kind == ValueKind.Object && f.WireName == "parameters");

    /// <summary>
    /// The payload fields a convenience call takes as required arguments: the required ones (a nullable one too, which
    /// must be sent), and a raw-body field first even when optional (the stream and file overloads hand bytes on through it).
    /// </summary>
    private static List<FieldSpec> CallFields(OperationSpec op, List<FieldSpec> fields)
    {
        var call = fields.Where(f => f.Required).ToList();
        var raw = op.RawField is null ? null : fields.First(f => f.WireName == op.RawField);
        if (raw is not null && fields[0] == raw && !call.Contains(raw)) call.Insert(0, raw);
        return call;
    }

    /// <summary>
    /// The convenience overload's parameters before options and cancellationToken, in order: path parameters, the
    /// call's fields (<see cref="CallFields"/>), required query parameters, the request's options object, optional
    /// query parameters. Optional ones default to null.
    /// </summary>
    /// <param name="listForm">The overload taking the list form of the <see cref="Either"/> field (else its scalar form).</param>
    private static List<(string Name, string Type, bool Optional)> Convenience(OperationSpec op, List<FieldSpec> fields, ParameterSet names, string ns, bool listForm = false)
    {
        var either = Either(op, fields);
        string TypeOf(FieldSpec f) => f != either ? CSharpTypes.Of(f.Type, ns) + (f.Required && !f.Nullable ? "" : "?")
            : CSharpTypes.Of(listForm ? new TypeRef(ValueKind.Array, Item: f.Either!.Scalar) : f.Either!.Scalar, ns);
        var list = MethodPath(op).Select(p => (names.Path[p], p.PropertyName is null ? "string" : "string?", false)).ToList();
        list.AddRange(CallFields(op, fields).Select(f => (names.Fields[f], TypeOf(f), false)));
        list.AddRange(op.QueryParameters.Where(q => q.Required).Select(q => (names.Query[q], CSharpTypes.Of(q.Type, ns), false)));
        if (OptionsField(fields) is { } bag) list.Add((names.Fields[bag], CSharpTypes.Of(bag.Type, ns) + "?", true));
        list.AddRange(op.QueryParameters.Where(q => !q.Required).Select(q => (names.Query[q], CSharpTypes.Of(q.Type, ns) + "?", true)));
        return list;
    }
    /// <summary>
    /// The call's field that is a scalar or a list of it (<see cref="FieldSpec.Either"/>), taken as either by two
    /// overloads; the first such field only (two would make four overloads): others take their union, which converts
    /// from a value or an array.
    /// </summary>
    private static FieldSpec? Either(OperationSpec op, List<FieldSpec> fields) => CallFields(op, fields).FirstOrDefault(f => f.Either is not null);

    /// <summary>
    /// The convenience overload's whole parameter list (name, C# type; namespaces left out), options and
    /// cancellationToken included: the build's semver check compares two versions' lists to tell which spec change
    /// moves or retypes a parameter (<see cref="Versioning.SurfaceRules.ParameterMoved"/>). The same list the method is
    /// declared from, so a new parameter design here is followed there. For a scalar-or-list field, the scalar form's
    /// overload: the one a call written when the field was that scalar binds to, so a field that becomes
    /// "it or a list of it" moves nothing; its list form adds an overload.
    /// </summary>
    internal static IReadOnlyList<(string Name, string Type)> ConvenienceParameters(SpecModel spec, OperationSpec op, ObjectTypeSpec request)
    {
        var fields = OrderedFields(request);
        return Convenience(op, fields, ParameterNames(op, fields), "").Select(p => (p.Name, p.Type))
            .Concat(new[] { ("options", spec.RequestOptionsName + "?"), ("cancellationToken", "CancellationToken") }).ToList();
    }

    /// <summary>The payload fields as arguments: required ones first, each group in spec order.</summary>
    private static List<FieldSpec> OrderedFields(ObjectTypeSpec request) => request.Fields.OrderBy(f => f.Required && !f.Nullable ? 0 : 1).ToList();


    /// <summary>Method parameter names of one operation: camelCase, unique, never a keyword or a fixed parameter.</summary>
    private sealed class ParameterSet
    {
        public Dictionary<PathParameterSpec, string> Path { get; } = new();

        public Dictionary<FieldSpec, string> Fields { get; } = new();

        public Dictionary<QueryParameterSpec, string> Query { get; } = new();
    }

    private static ParameterSet ParameterNames(OperationSpec op, List<FieldSpec> fields)
    {
        var set = new ParameterSet();
        var taken = new HashSet<string>(System.StringComparer.Ordinal) { "options", "cancellationToken", "request" };
        string Claim(string name)
        {
            if (name is "options" or "cancellationToken" or "request") name += "Value";
            while (!taken.Add(name)) name += "Value"; // a path parameter and a field of one name: stable, never numbered
            return SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
        }
        foreach (var p in MethodPath(op)) set.Path[p] = Claim(p.ParameterName!);
        foreach (var f in fields) set.Fields[f] = Claim(SourceWriter.CamelCase(f.PropertyName));
        foreach (var q in op.QueryParameters) set.Query[q] = Claim(q.ParameterName);
        return set;
    }

    private static string Local(string propertyName) => "v" + propertyName;

    /// <summary>The request's body fields that repeat a path parameter (<see cref="WireFill.PathParameter"/>), with that parameter.</summary>
    private static List<(FieldSpec Field, PathParameterSpec Parameter)> PathFills(OperationSpec op, ObjectTypeSpec request)
        => request.Fields.Where(f => f.Fill == WireFill.PathParameter)
            .Select(f => (f, op.PathParameters.First(p => p.Name == f.WireName))).ToList();

    /// <summary>The request builders' parameter for a path value the body repeats: <c>pathModel</c>, clear of their locals.</summary>
    private static string FillName(PathParameterSpec p) => Naming.HelperNames.PathFill(p.Name);

    private static string FillParameters(OperationSpec op, ObjectTypeSpec request)
        => string.Concat(PathFills(op, request).Select(f => ", string? " + FillName(f.Parameter)));

    /// <summary>The path values the body repeats: from the method's arguments (falling back to the client option, as the path does), or passed on.</summary>
    private static string FillArguments(OperationSpec op, ObjectTypeSpec request, ParameterSet names, bool resolved)
        => string.Concat(PathFills(op, request).Select(f => ", " + (!resolved ? FillName(f.Parameter)
            : names.Path[f.Parameter] + (f.Parameter.PropertyName is null ? "" : " ?? _options." + f.Parameter.PropertyName))));

    /// <summary>The path parameters that are method parameters (a one-operation spec's are client options only).</summary>
    private static IEnumerable<PathParameterSpec> MethodPath(OperationSpec op) => op.PathParameters.Where(p => p.ParameterName is not null);

    private static string Nullable(string? value) => value is null ? "null" : SourceWriter.Literal(value);
}
