using System.Collections.Generic;
using System.Linq;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>
/// Emits <c>{Prefix}Contract</c>: the spec as data for contract tests (<c>Toolkit.Testing.Contracts.IApiContract</c>),
/// with the JSON Schemas of the response and error bodies written at compile time. A one-operation spec's (format 1)
/// contract is its one operation (<c>Instance</c>); a whole API's holds one contract per operation and the list of them.
/// </summary>
internal static class ContractEmitter
{
    private const string ContractInterface = "global::Toolkit.Testing.Contracts.IApiContract";

    public static void Emit(SourceWriter w, SpecModel spec)
    {
        var name = spec.ContractName;
        // Each schema is written once, here: the types are indexed once for all of them, the error body's is shared.
        var index = new JsonSchemaWriter.TypeIndex(spec);
        var errorSchema = JsonSchemaWriter.Error(spec);
        var validation = ValidationPlan.Of(spec);
        void Members(OperationSpec op, string sha256)
            => EmitMembers(w, spec, op, sha256, JsonSchemaWriter.Response(spec, op, index), errorSchema, RawProperty(op, index.Objects[op.RequestTypeName]),
                JsonSchemaWriter.Event(spec, op, index), JsonSchemaWriter.Request(spec, op, index), validation.ChecksRead(op.Response.Body));

        w.Open("namespace " + spec.Namespace);
        w.Doc("summary", $"The {spec.Name} API contract ({spec.Version}) as data: what contract tests check recorded exchanges against.");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        if (spec.Operations.Count == 1 && spec.Operations[0].Names.Contract == name)
        {
            // The one operation of a one-operation spec (format 1) is the contract class itself, as it always was.
            w.Open($"public sealed partial class {name} : {ContractInterface}");
            w.Doc("summary", "The one instance.");
            w.Line($"public static {name} Instance {{ get; }} = new {name}();");
            w.Line();
            w.Line($"private {name}() {{ }}");
            w.Line();
            Members(spec.Operations[0], SourceWriter.Literal(spec.Sha256));
            w.Close();
            w.Close();
            return;
        }
        w.Open($"public static partial class {name}");
        w.Doc("summary", "Lower-case hex SHA-256 of the spec's UTF-8 text: every operation's contract names the exact spec.");
        w.Line($"public const string SpecSha256 = {SourceWriter.Literal(spec.Sha256)};");
        w.Line();
        w.Doc("summary", "Every operation's contract, in spec order.");
        w.Line($"public static global::System.Collections.Generic.IReadOnlyList<{ContractInterface}> Operations => OperationList.Items;");
        w.Line();
        // Static initializers run in text order: a nested class builds the list on first use, after the operations' have run.
        w.Open("private static class OperationList");
        w.Line($"public static readonly {ContractInterface}[] Items = {{ {string.Join(", ", spec.Operations.Select(o => name + "." + o.MethodName))} }};");
        w.Close();
        foreach (var op in spec.Operations)
        {
            w.Line();
            w.Doc("summary", $"The contract of the {op.Key} operation ({op.HttpMethod} {op.PathTemplate}).");
            w.Line($"public static {ContractInterface} {op.MethodName} {{ get; }} = new {op.Names.Contract}();");
            w.Line();
            w.Open($"private sealed class {op.Names.Contract} : {ContractInterface}");
            Members(op, name + ".SpecSha256");
            w.Close();
        }
        w.Close();
        w.Close();
    }

    /// <summary>
    /// The request property sent as the raw body, when the operation has one and a request can hold it alone (a raw
    /// body cannot carry another required field, so such a recording is read as JSON, or fails to be).
    /// </summary>
    public static string? RawProperty(OperationSpec op, ObjectTypeSpec request)
        => op.RawField is null || request.Fields.Any(f => f.WireName != op.RawField && f.Required && !f.Nullable)
            ? null
            : request.Fields.FirstOrDefault(f => f.WireName == op.RawField)?.PropertyName;

    private static void EmitMembers(SourceWriter w, SpecModel spec, OperationSpec op, string sha256, string? responseSchema, string? errorSchema, string? rawProperty, string? eventSchema,
        string? requestSchema, bool checksResponse)
    {
        var ns = spec.Namespace;
        var responseType = CSharpTypes.Of(op.Response.Body, ns);
        Property(w, "string", "SpecName", SourceWriter.Literal(spec.Name));
        Property(w, "string", "SpecVersion", SourceWriter.Literal(spec.Version));
        Property(w, "string", "SpecSha256", sha256);
        Property(w, "string", "OperationName", SourceWriter.Literal(op.Key));
        Property(w, "global::System.Collections.Generic.IReadOnlyList<string>", "BaseUrls",
            Strings(new[] { spec.Api.BaseUrl }.Concat(spec.Api.Servers.Select(s => s.Url)).Where(u => u.Length > 0).Distinct()));
        Property(w, "global::System.Collections.Generic.IReadOnlyList<string>", "SlashParameters", Strings(op.PathParameters.Where(p => p.AllowSlashes).Select(p => p.Name)));
        if (spec.Api.ClientQuery.Count > 0) Property(w, "global::System.Collections.Generic.IReadOnlyList<string>", "ClientQueryParameters", Strings(spec.Api.ClientQuery.Select(q => q.Name)));
        Property(w, "string", "HttpMethod", SourceWriter.Literal(op.HttpMethod));
        Property(w, "string", "PathTemplate", SourceWriter.Literal(op.PathTemplate));
        if (op.AlternativePaths.Count > 0) Property(w, "global::System.Collections.Generic.IReadOnlyList<string>", "AlternativePathTemplates", Strings(op.AlternativePaths));
        Property(w, "global::System.Collections.Generic.IReadOnlyList<int>", "SuccessStatuses", Ints(op.Response.Statuses));
        Property(w, "global::System.Collections.Generic.IReadOnlyList<int>", "ErrorStatuses",
            Ints(spec.Errors?.Statuses ?? EquatableArray<int>.Empty));
        Property(w, "string", "ResponseContentType", SourceWriter.Literal(op.Response.ContentType));
        Property(w, "string?", "ResponseJsonSchema", Nullable(responseSchema));
        Property(w, "string?", "ErrorJsonSchema", Nullable(errorSchema));
        Property(w, "string?", "StreamEventJsonSchema", Nullable(eventSchema));
        Property(w, "string?", "StreamSentinel", Nullable(op.Stream?.Sentinel));
        if (requestSchema is not null) Property(w, "string?", "RequestJsonSchema", SourceWriter.Literal(requestSchema));
        if (rawProperty is not null) Property(w, "string?", "RawRequestContentType", SourceWriter.Literal(op.RawContentType));

        w.Line("/// <inheritdoc />");
        w.Line($"public object DeserializeResponse(global::System.ReadOnlyMemory<byte> body) => global::{ns}.{spec.SerializerName}.{op.Names.DeserializeResponse}(body);");
        w.Line();
        w.Line("/// <inheritdoc />");
        // A single response: the client's result is the element, written back as the one-element array it came in.
        w.Line(op.Response.Single
            ? $"public byte[] SerializeResponse(object response) => global::{ns}.{spec.SerializerName}.{op.Names.SerializeResponse}(response is {CSharpTypes.Of(op.Response.Result, ns)} element ? new[] {{ element }} : ({responseType})response);"
            : $"public byte[] SerializeResponse(object response) => global::{ns}.{spec.SerializerName}.{op.Names.SerializeResponse}(({responseType})response);");
        w.Line("/// <inheritdoc />");
        w.Line("public global::System.Collections.Generic.IReadOnlyList<global::Toolkit.Runtime.Validation.ValidationError> ValidateResponse(object response)");
        // A response whose reader enforces every rule has no validator method: nothing read can break one.
        w.Line(checksResponse
            ? $"    => global::{ns}.{spec.ValidatorName}.{op.Names.ValidateResponse}(({responseType})response);"
            : "    => global::System.Array.Empty<global::Toolkit.Runtime.Validation.ValidationError>();");
        w.Line();
        EmitStreamMembers(w, spec, op);
        EmitReplay(w, spec, op, rawProperty);
        EmitReadAnswer(w, spec, op);
    }

    /// <summary>
    /// ReadAnswerAsync: the recorded answer read as the client reads it (its transport, error format, reader and
    /// stream format), for a recorded call whose request cannot be made again (not recorded, or not one the typed
    /// client can make). The request sent to the recorded handler carries nothing: it is never compared.
    /// </summary>
    private static void EmitReadAnswer(SourceWriter w, SpecModel spec, OperationSpec op)
    {
        var ns = spec.Namespace;
        var client = $"global::{ns}.{spec.ClientName}";
        var request = $"() => new global::System.Net.Http.HttpRequestMessage({ClientEmitter.Method(op.HttpMethod)}, call.BaseAddress)";
        w.Line("/// <inheritdoc />");
        w.Open("public async global::System.Threading.Tasks.Task<object> ReadAnswerAsync(global::Toolkit.Testing.Contracts.ReplayCall call, global::System.Threading.CancellationToken cancellationToken = default)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(call);");
        w.Line("using var http = new global::System.Net.Http.HttpClient(call.Handler, disposeHandler: false);");
        w.Line($"var transport = new global::Toolkit.Runtime.Transport.ApiTransport(http, {client}.ErrorFormat, {SourceWriter.Literal(op.Response.ContentType)});");
        w.Line($"return await transport.SendAsync<object>({request}, {(op.Response.Single ? ClientEmitter.Reader(spec, op) : $"static body => global::{ns}.{spec.SerializerName}.{op.Names.DeserializeResponse}(body)")}, null, null, null, cancellationToken).ConfigureAwait(false);");
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc />");
        if (op.Stream is not { } stream)
        {
            w.Line("public global::System.Collections.Generic.IAsyncEnumerable<object> ReadAnswerStreamAsync(global::Toolkit.Testing.Contracts.ReplayCall call, global::System.Threading.CancellationToken cancellationToken = default)");
            w.Line("    => throw new global::System.NotSupportedException(\"This operation does not stream.\");");
            return;
        }
        w.Open("public async global::System.Collections.Generic.IAsyncEnumerable<object> ReadAnswerStreamAsync(global::Toolkit.Testing.Contracts.ReplayCall call, [global::System.Runtime.CompilerServices.EnumeratorCancellation] global::System.Threading.CancellationToken cancellationToken = default)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(call);");
        w.Line("using var http = new global::System.Net.Http.HttpClient(call.Handler, disposeHandler: false);");
        w.Line($"var transport = new global::Toolkit.Runtime.Transport.ApiTransport(http, {client}.ErrorFormat, \"text/event-stream\");");
        w.Line($"var response = await transport.SendAsync({request}, null, null, null, cancellationToken).ConfigureAwait(false);");
        w.Line($"var events = global::Toolkit.Runtime.Streams.EventStreams.ReadAsync(response, {client}.{Naming.HelperNames.StreamFormat(op.MethodName)}, static data => global::{ns}.{spec.SerializerName}.{stream.DeserializeEvent}(data), cancellationToken);");
        w.Line("await foreach (var item in global::System.Threading.Tasks.TaskAsyncEnumerableExtensions.ConfigureAwait(events, false)) yield return item;");
        w.Close();
    }

    private static void EmitStreamMembers(SourceWriter w, SpecModel spec, OperationSpec op)
    {
        var ns = spec.Namespace;
        const string NoStream = "throw new global::System.NotSupportedException(\"This operation does not stream.\")";
        w.Line("/// <inheritdoc />");
        w.Line(op.Stream is { } stream
            ? $"public object DeserializeEvent(global::System.ReadOnlyMemory<byte> data) => global::{ns}.{spec.SerializerName}.{stream.DeserializeEvent}(data.Span);"
            : $"public object DeserializeEvent(global::System.ReadOnlyMemory<byte> data) => {NoStream};");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line(op.Stream is { } s
            ? $"public byte[] SerializeEvent(object value) => global::{ns}.{spec.SerializerName}.{s.SerializeEvent}(({CSharpTypes.Of(s.Event, ns)})value);"
            : $"public byte[] SerializeEvent(object value) => {NoStream};");
        w.Line();
    }

    /// <summary>
    /// ReplayAsync: the recorded call made again through the generated client. Arguments go in the order of the
    /// client's whole-request overload: path parameters, the request, query parameters (required, then optional).
    /// </summary>
    private static void EmitReplay(SourceWriter w, SpecModel spec, OperationSpec op, string? rawProperty)
    {
        var ns = spec.Namespace;
        var requestType = "global::" + ns + "." + op.RequestTypeName;
        w.Line("/// <inheritdoc />");
        w.Open("public async global::System.Threading.Tasks.Task<object> ReplayAsync(global::Toolkit.Testing.Contracts.ReplayCall call, global::System.Threading.CancellationToken cancellationToken = default)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(call);");
        var options = new List<string> { "BaseAddress = call.BaseAddress" };
        // Path parameters that are client options only (a one-operation spec's) are filled there; a retry would ask the one recorded answer again.
        options.AddRange(op.PathParameters.Where(p => p.ParameterName is null && p.PropertyName is not null)
            .Select(p => $"{p.PropertyName} = call.Path({SourceWriter.Literal(p.Name)})"));
        if (spec.Errors?.LoadingStatus is not null) options.Add("LoadingRetry = new global::Toolkit.Runtime.Transport.LoadingRetryOptions { Enabled = false }");
        w.Line($"var client = new global::{ns}.{spec.ClientName}(call.Handler, new global::{ns}.{spec.ClientOptionsName} {{ {string.Join(", ", options)} }});");
        var rawBody = rawProperty is null ? "" : $"!call.BodyIsJson ? new {requestType} {{ {rawProperty} = call.Body }} : ";
        w.Line($"var request = {rawBody}global::{ns}.{spec.SerializerName}.{op.Names.DeserializeRequest}(call.Body.IsEmpty ? global::System.Text.Encoding.UTF8.GetBytes(\"{{}}\") : call.Body);");
        var lines = new List<string>();
        var args = op.PathParameters.Where(p => p.ParameterName is not null).Select(p => $"call.Path({SourceWriter.Literal(p.Name)})").ToList();
        args.Add("request");
        var i = 0;
        foreach (var q in op.QueryParameters.Where(q => q.Required).Concat(op.QueryParameters.Where(q => !q.Required)))
        {
            var local = "q" + (i++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var name = SourceWriter.Literal(q.Name);
            var type = CSharpTypes.Of(q.Type, ns);
            var text = q.Required ? $"call.RequiredQuery({name})" : $"call.Query({name})";
            var value = q.Type.Kind switch
            {
                ValueKind.String => text,
                ValueKind.Integer or ValueKind.Long or ValueKind.ULong => $"call.Query{IntegerFormats.MethodSuffix(q.Type)}({name}){(q.Required ? ".GetValueOrDefault()" : "")}",
                ValueKind.Number => $"({type}{(q.Required ? "" : "?")})call.QueryNumber({name}){(q.Required ? ".GetValueOrDefault()" : "")}",
                ValueKind.Boolean => $"call.QueryBoolean({name}){(q.Required ? ".GetValueOrDefault()" : "")}",
                ValueKind.Enum => $"{text} is {{ }} t{local} ? (global::{ns}.{spec.SerializerName}.{Naming.Names.TryParseMethod(q.Type.Name!)}(t{local}, out var e{local}) ? e{local} : throw new global::System.FormatException(\"The query parameter '\" + {name} + \"' is '\" + t{local} + \"', not one of its values.\")) : ({type}?)null",
                _ => text,
            };
            if (q.Required && q.Type.Kind is ValueKind.Integer or ValueKind.Long or ValueKind.ULong or ValueKind.Number or ValueKind.Boolean) lines.Add($"call.RequiredQuery({name});");
            lines.Add($"var {local} = {value};");
            if (q.Required && q.Type.Kind == ValueKind.Enum) lines.Add($"if ({local} is null) call.RequiredQuery({name});");
            args.Add(q.Required && q.Type.Kind == ValueKind.Enum ? local + ".GetValueOrDefault()" : local);
        }
        args.Add("null");
        args.Add("cancellationToken");
        foreach (var line in lines) w.Line(line);
        w.Line($"return await client.{op.Method}({string.Join(", ", args)}).ConfigureAwait(false);");
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc />");
        if (op.Stream is not { } stream)
        {
            w.Line("public global::System.Collections.Generic.IAsyncEnumerable<object> ReplayStreamAsync(global::Toolkit.Testing.Contracts.ReplayCall call, global::System.Threading.CancellationToken cancellationToken = default)");
            w.Line("    => throw new global::System.NotSupportedException(\"This operation does not stream.\");");
            return;
        }
        w.Open("public async global::System.Collections.Generic.IAsyncEnumerable<object> ReplayStreamAsync(global::Toolkit.Testing.Contracts.ReplayCall call, [global::System.Runtime.CompilerServices.EnumeratorCancellation] global::System.Threading.CancellationToken cancellationToken = default)");
        {
            w.Line("global::System.ArgumentNullException.ThrowIfNull(call);");
            w.Line($"var client = new global::{ns}.{spec.ClientName}(call.Handler, new global::{ns}.{spec.ClientOptionsName} {{ {string.Join(", ", options)} }});");
            w.Line($"var request = global::{ns}.{spec.SerializerName}.{op.Names.DeserializeRequest}(call.Body.IsEmpty ? global::System.Text.Encoding.UTF8.GetBytes(\"{{}}\") : call.Body);");
            foreach (var line in lines) w.Line(line);
            w.Line($"var events = client.{stream.Method}({string.Join(", ", args)});");
            w.Line("await foreach (var item in global::System.Threading.Tasks.TaskAsyncEnumerableExtensions.ConfigureAwait(events, false)) yield return item;");
        }
        w.Close();
    }

    private static void Property(SourceWriter w, string type, string name, string value)
    {
        w.Line("/// <inheritdoc />");
        w.Line($"public {type} {name} {{ get; }} = {value};");
        w.Line();
    }

    private static string Ints(EquatableArray<int> values) => "new int[] { " + string.Join(", ", values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))) + " }";

    private static string Strings(IEnumerable<string> values)
    {
        var items = values.Select(SourceWriter.Literal).ToList();
        return items.Count == 0 ? "global::System.Array.Empty<string>()" : "new string[] { " + string.Join(", ", items) + " }";
    }

    private static string Nullable(string? value) => value is null ? "null" : SourceWriter.Literal(value);
}
