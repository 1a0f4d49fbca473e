using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>
/// Emits the async client: convenience overloads (bytes, stream, file path) plus one taking the whole request,
/// request validation before sending, headers, body mode (raw bytes when the binary field is the only one set,
/// JSON otherwise) and the runtime transport underneath.
/// </summary>
internal static class ClientEmitter
{
    private const string Task = "global::System.Threading.Tasks.Task";
    private const string Ct = "global::System.Threading.CancellationToken";

    public static string Emit(SpecModel spec)
    {
        var ns = spec.Namespace;
        var op = spec.Operation;
        var request = spec.Objects.First(o => o.Name == op.RequestTypeName);
        var requestType = "global::" + ns + "." + op.RequestTypeName;
        var resultType = CSharpTypes.Of(spec.Response.Body, ns);
        var taskType = $"{Task}<{resultType}>";
        var method = op.MethodName + "Async";
        var optionsType = "global::" + ns + "." + spec.ClientOptionsName;
        var requestOptionsType = "global::" + ns + "." + spec.RequestOptionsName;

        var w = new SourceWriter();
        w.Open("namespace " + ns);
        w.Doc("summary", $"Client for the {spec.Name} API ({spec.Version}).{(spec.Description is null ? "" : " " + spec.Description)}");
        w.DocXml("remarks", "<c>" + op.HttpMethod + " " + SourceWriter.Escape(op.PathTemplate) + "</c>. Requests are validated before they are sent; " +
            "error answers throw <see cref=\"global::Toolkit.Runtime.Errors.ApiException\"/>.");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Open("public sealed partial class " + spec.ClientName);
        EmitFields(w, spec, optionsType);
        EmitConstructors(w, spec, optionsType);

        // Convenience overload: the payload fields as arguments, required first.
        var fields = request.Fields.OrderBy(f => f.Required && !f.Nullable ? 0 : 1).ToList();
        var parameterNames = ParameterNames(fields);
        var args = fields.Select(f => ParameterDeclaration(f, parameterNames[f], ns)).ToList();
        var tail = $"{requestOptionsType}? options = null, {Ct} cancellationToken = default";
        var initializer = string.Join(", ", fields.Select(f => $"{f.PropertyName} = {parameterNames[f]}"));

        WriteMethodDocs(w, spec, fields, parameterNames, null);
        w.Line($"public {taskType} {method}({string.Join(", ", args.Concat(new[] { tail }))})");
        w.Indent();
        w.Line($"=> {method}(new {requestType} {{ {initializer} }}, options, cancellationToken);");
        w.Unindent();
        w.Line();

        var raw = op.RawField is null ? null : fields.First(f => f.WireName == op.RawField);
        if (raw is not null && fields[0] == raw)
        {
            EmitStreamAndFileOverloads(w, spec, fields, parameterNames, raw, taskType, method, tail, ns);
        }

        w.Doc("summary", $"Sends a {op.MethodName.ToLowerInvariant()} request.");
        w.Doc("param", "The whole request payload.", " name=\"request\"");
        w.Doc("param", "Per-request headers; null sends none of them.", " name=\"options\"");
        w.Doc("param", "Cancels the call, loading retries included.", " name=\"cancellationToken\"");
        w.Line("/// <exception cref=\"global::Toolkit.Runtime.Validation.RequestValidationException\">The request breaks the spec's rules; nothing was sent.</exception>");
        w.Line("/// <exception cref=\"global::Toolkit.Runtime.Errors.ApiException\">The API answered with an error status.</exception>");
        w.Line("/// <exception cref=\"global::Toolkit.Runtime.Json.JsonPayloadException\">The response does not match the spec.</exception>");
        w.Line("/// <exception cref=\"global::Toolkit.Runtime.Errors.ApiTimeoutException\">An attempt or the whole call took longer than <c>Options.Limits</c> allow.</exception>");
        w.Line("/// <exception cref=\"global::Toolkit.Runtime.Errors.ResponseTooLargeException\">A body is larger than <c>Options.Limits</c> allow.</exception>");
        w.Open($"public {taskType} {method}({requestType} request, {tail})");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(request);");
        w.Line($"var errors = global::{ns}.{spec.ValidatorName}.ValidateRequest(request);");
        w.Line("if (errors.Count > 0) throw new global::Toolkit.Runtime.Validation.RequestValidationException(errors);");
        w.Line("var uri = BuildUri();");
        w.Line("return _transport.SendAsync(() => CreateRequest(uri, request, options), ReadResponse, "
            + (spec.Errors?.LoadingStatus is not null ? "_options.LoadingRetry" : "null") + ", "
            + (op.Headers.FirstOrDefault(h => h.Bearer) is { } bearer && bearer.Scope == HeaderScope.Client ? "_options." + bearer.PropertyName : "null")
            + ", _options.Limits, cancellationToken);");
        w.Close();
        w.Line();

        EmitBuildUri(w, spec);
        EmitCreateRequest(w, spec, request, requestType, requestOptionsType);
        EmitReadResponse(w, spec, resultType);
        w.Close();
        w.Close();
        return SourceWriter.Header(spec.Name, spec.Version) + "\n" + w;
    }

    private static void EmitFields(SourceWriter w, SpecModel spec, string optionsType)
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
        w.Line($"private static readonly global::Toolkit.Runtime.Errors.ApiErrorFormat ErrorFormat = {format};");
        w.Line($"private readonly {optionsType} _options;");
        w.Line("private readonly global::Toolkit.Runtime.Transport.ApiTransport _transport;");
        w.Line();
    }

    private static void EmitConstructors(SourceWriter w, SpecModel spec, string optionsType)
    {
        w.DocXml("summary", "Creates a client that sends through <paramref name=\"httpClient\"/> (yours to configure and dispose).");
        w.Doc("param", "The HTTP client to send with, e.g. from IHttpClientFactory.", " name=\"httpClient\"");
        w.Doc("param", "Base address, token and the other per-client settings.", " name=\"options\"");
        w.Open($"public {spec.ClientName}(global::System.Net.Http.HttpClient httpClient, {optionsType} options)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(httpClient);");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(options);");
        w.Line("_options = options;");
        w.Line($"_transport = new global::Toolkit.Runtime.Transport.ApiTransport(httpClient, ErrorFormat, {SourceWriter.Literal(spec.Response.ContentType)});");
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
        w.Line();
    }

    private static void EmitStreamAndFileOverloads(
        SourceWriter w, SpecModel spec, List<FieldSpec> fields, Dictionary<FieldSpec, string> names, FieldSpec raw,
        string taskType, string method, string tail, string ns)
    {
        var rest = fields.Skip(1).ToList();
        var restDecl = rest.Select(f => ParameterDeclaration(f, names[f], ns) + ", ");
        var restArgs = string.Concat(rest.Select(f => names[f] + ", "));
        var rawName = names[raw];

        WriteMethodDocs(w, spec, fields, names, "stream");
        w.Open($"public async {taskType} {method}(global::System.IO.Stream {rawName}, {string.Concat(restDecl)}{tail})");
        w.Line($"global::System.ArgumentNullException.ThrowIfNull({rawName});");
        w.Line("using var buffer = new global::System.IO.MemoryStream();");
        w.Line($"await {rawName}.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);");
        w.Line($"return await {method}(new global::System.ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length), {restArgs}options, cancellationToken).ConfigureAwait(false);");
        w.Close();
        w.Line();

        var pathName = rawName + "Path";
        WriteMethodDocs(w, spec, fields, names, "file");
        w.Open($"public async {taskType} {method}(string {pathName}, {string.Concat(restDecl)}{tail})");
        w.Line($"global::System.ArgumentNullException.ThrowIfNull({pathName});");
        w.Line($"var bytes = await global::System.IO.File.ReadAllBytesAsync({pathName}, cancellationToken).ConfigureAwait(false);");
        w.Line($"return await {method}(bytes, {restArgs}options, cancellationToken).ConfigureAwait(false);");
        w.Close();
        w.Line();
    }

    private static void WriteMethodDocs(SourceWriter w, SpecModel spec, List<FieldSpec> fields, Dictionary<FieldSpec, string> names, string? rawSource)
    {
        var raw = spec.Operation.RawField;
        w.Doc("summary", $"Sends a {spec.Operation.MethodName.ToLowerInvariant()} request." +
            (raw is null ? "" : $" With only '{raw}' set, it goes as the raw body; otherwise as JSON with '{raw}' base64-encoded."));
        foreach (var f in fields)
        {
            var name = names[f].TrimStart('@'); // <param name> takes the name without the verbatim prefix
            if (rawSource is not null && f.WireName == raw)
            {
                w.Doc("param", rawSource == "stream" ? $"A stream with the '{f.WireName}' bytes; read to its end." : $"The path of a file holding the '{f.WireName}' bytes.",
                    $" name=\"{(rawSource == "stream" ? name : name + "Path")}\"");
                continue;
            }
            w.Doc("param", f.Description ?? $"The '{f.WireName}' field.", $" name=\"{name}\"");
        }
        w.Doc("param", "Per-request headers; null sends none of them.", " name=\"options\"");
        w.Doc("param", "Cancels the call, loading retries included.", " name=\"cancellationToken\"");
        w.Doc("returns", spec.Response.Description ?? "The parsed response.");
    }

    private static void EmitBuildUri(SourceWriter w, SpecModel spec)
    {
        var op = spec.Operation;
        w.Open("private global::System.Uri BuildUri()");
        w.Line($"if (_options.BaseAddress is null) throw new global::System.InvalidOperationException(\"{spec.ClientOptionsName}.BaseAddress must be set.\");");
        foreach (var p in op.PathParameters)
        {
            w.Line($"var {Local(p.PropertyName)} = _options.{p.PropertyName};");
            w.Line($"if (string.IsNullOrEmpty({Local(p.PropertyName)})) throw new global::System.InvalidOperationException(" +
                   SourceWriter.Literal($"{spec.ClientOptionsName}.{p.PropertyName} must be set: it fills {{{p.Name}}} in {op.PathTemplate}.") + ");");
        }
        foreach (var h in op.Headers.Where(h => h.Scope == HeaderScope.Client && h.Required))
        {
            w.Line($"if (_options.{h.PropertyName} is null) throw new global::System.InvalidOperationException(" +
                   SourceWriter.Literal($"{spec.ClientOptionsName}.{h.PropertyName} must be set (header '{h.Name}').") + ");");
        }
        var parts = new List<string>();
        var last = 0;
        foreach (Match m in Regex.Matches(op.PathTemplate, @"\{([^{}]*)\}"))
        {
            if (m.Index > last) parts.Add(SourceWriter.Literal(op.PathTemplate.Substring(last, m.Index - last)));
            var p = op.PathParameters.First(x => x.Name == m.Groups[1].Value);
            parts.Add($"global::Toolkit.Runtime.Transport.ApiPaths.Escape({Local(p.PropertyName)}, allowSlashes: {(p.AllowSlashes ? "true" : "false")})");
            last = m.Index + m.Length;
        }
        if (last < op.PathTemplate.Length || parts.Count == 0) parts.Add(SourceWriter.Literal(op.PathTemplate.Substring(last)));
        w.Line($"return global::Toolkit.Runtime.Transport.ApiPaths.Combine(_options.BaseAddress, {string.Join(" + ", parts)});");
        w.Close();
        w.Line();
    }

    private static void EmitCreateRequest(SourceWriter w, SpecModel spec, ObjectTypeSpec request, string requestType, string requestOptionsType)
    {
        var op = spec.Operation;
        w.Open($"private global::System.Net.Http.HttpRequestMessage CreateRequest(global::System.Uri uri, {requestType} request, {requestOptionsType}? options)");
        w.Line($"var message = new global::System.Net.Http.HttpRequestMessage(new global::System.Net.Http.HttpMethod({SourceWriter.Literal(op.HttpMethod)}), uri);");
        foreach (var h in op.Headers.Where(h => h.Scope == HeaderScope.Client))
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
        var perRequest = op.Headers.Where(h => h.Scope == HeaderScope.Request).ToList();
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
            var raw = op.RawField is null ? null : request.Fields.First(f => f.WireName == op.RawField);
            var others = request.Fields.Where(f => f != raw).ToList();
            if (raw is not null && others.All(f => !(f.Required && !f.Nullable)))
            {
                // The documented raw mode: the binary field alone is the body, so no base64 inflation.
                var condition = others.Count == 0 ? "true" : string.Join(" && ", others.Select(f => $"request.{f.PropertyName} is null"));
                var rawValue = raw.Required && !raw.Nullable ? "request." + raw.PropertyName : $"request.{raw.PropertyName}.GetValueOrDefault()";
                w.Open($"if ({condition})");
                w.Line($"message.Content = new global::System.Net.Http.ReadOnlyMemoryContent({rawValue});");
                w.Line($"message.Content.Headers.ContentType = new global::System.Net.Http.Headers.MediaTypeHeaderValue({SourceWriter.Literal(op.RawContentType)});");
                w.Line("return message;");
                w.Close();
            }
            w.Line($"message.Content = new global::System.Net.Http.ByteArrayContent(global::{spec.Namespace}.{spec.SerializerName}.SerializeRequest(request));");
            w.Line($"message.Content.Headers.ContentType = new global::System.Net.Http.Headers.MediaTypeHeaderValue({SourceWriter.Literal(op.JsonContentType)});");
        }
        w.Line("return message;");
        w.Close();
        w.Line();
    }

    private static void EmitReadResponse(SourceWriter w, SpecModel spec, string resultType)
    {
        w.Open($"private {resultType} ReadResponse(global::System.ReadOnlyMemory<byte> body)");
        w.Line($"var result = global::{spec.Namespace}.{spec.SerializerName}.DeserializeResponse(body);");
        w.Open("if (_options.ValidateResponses)");
        w.Line($"var errors = global::{spec.Namespace}.{spec.ValidatorName}.ValidateResponse(result);");
        w.Line("if (errors.Count > 0) throw new global::Toolkit.Runtime.Validation.ResponseValidationException(errors);");
        w.Close();
        w.Line("return result;");
        w.Close();
    }

    private static string FormatHeader(HeaderSpec h, string value) => h.Type.Kind switch
    {
        ValueKind.Boolean => $"{value} ? \"true\" : \"false\"",
        ValueKind.Number => $"{value}.ToString(\"R\", global::System.Globalization.CultureInfo.InvariantCulture)",
        ValueKind.Integer => $"{value}.ToString(global::System.Globalization.CultureInfo.InvariantCulture)",
        _ => value,
    };

    private static string ParameterDeclaration(FieldSpec f, string name, string ns)
        => f.Required && !f.Nullable
            ? $"{CSharpTypes.Of(f.Type, ns)} {name}"
            : $"{CSharpTypes.Of(f.Type, ns)}? {name} = null";

    /// <summary>camelCase names that cannot clash with the fixed parameters or C# keywords.</summary>
    private static Dictionary<FieldSpec, string> ParameterNames(List<FieldSpec> fields)
    {
        var result = new Dictionary<FieldSpec, string>();
        foreach (var f in fields)
        {
            var name = SourceWriter.CamelCase(f.PropertyName);
            if (name is "options" or "cancellationToken" or "request") name += "Value";
            if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None) name = "@" + name;
            result[f] = name;
        }
        return result;
    }

    private static string Local(string propertyName) => "v" + propertyName;

    private static string Nullable(string? value) => value is null ? "null" : SourceWriter.Literal(value);
}
