using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Text;
using Toolkit.Generator.Diagnostics;
using Toolkit.Generator.Model;
using Toolkit.Generator.Naming;

namespace Toolkit.Generator.Parsing;

/// <summary>
/// Format 2: a whole API in one spec. What every operation shares sits at the root (base URL, headers, path
/// parameters with client defaults, errors, named types); each operation has its method, path, query, body, payload
/// and response, and becomes one method of one client.
/// </summary>
internal sealed partial class SpecParser
{
    private static readonly string[] ApiKeys =
    {
        "$schema", "name", "version", "description", "namespace", "baseUrl", "servers", "headers", "pathParameters", "errors",
        "definitions", "operations", "versioning", "query", "subclients",
    };

    private static readonly string[] OperationKeys = { "description", "name", "method", "path", "pathParameters", "query", "headers", "body", "payload", "response", "stream", "poll", "deprecated", "alternativePaths", "abstraction" };

    private static readonly string[] QueryKeys = { "type", "format", "description", "required", "default", "values", "closed", "property", "const" };

    /// <summary>True while a format-2 spec is parsed: the v2 naming rules apply.</summary>
    private bool _wholeApi;

    /// <summary>The API's header names (HTTP compares them ignoring case): an operation's constant header may not repeat one.</summary>
    private HashSet<string> _apiHeaderNames = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A declared path parameter: where it was declared, and whether a client option may supply it.</summary>
    private sealed record DeclaredParameter(string Name, string? Description, string? Default, bool AllowSlashes, bool ClientDefault, TextSpan Span);

    private SpecModel? ParseWholeApi(JsonObject root)
    {
        _wholeApi = true;
        var spec = new SpecSection(this, root, "the spec", ApiKeys);
        var (name, version, description, ns) = ParseIdentity(spec);
        var versioning = spec.String("versioning");
        if (versioning is not null and not ("semver" or "upstream"))
        {
            ReportInvalid(spec.Get("versioning")!, "versioning", "the spec", "\"semver\" (the default: the version is a promise) or \"upstream\" (the upstream's release number)");
        }
        var baseUrl = CheckUrl(spec.String("baseUrl", required: true, hint: "the API's base URL, e.g. \"https://router.huggingface.co/hf-inference\""), spec, "baseUrl");
        var servers = ParseServers(spec.Get("servers"));
        ClaimFixedTypeNames();
        ParseDefinitions(spec.Object("definitions"));
        var headers = ParseHeaders(spec.Get("headers"));
        _apiHeaderNames = new HashSet<string>(headers.Select(h => h.Name), StringComparer.OrdinalIgnoreCase);
        var apiParameters = ParseDeclaredParameters(spec.Object("pathParameters"), "'pathParameters'");
        var clientQuery = ParseClientQuery(spec.Object("query"), headers, apiParameters);
        var errorsNode = spec.Object("errors");
        var errors = errorsNode is null ? null : ParseErrors(errorsNode, headers);
        var subclients = ParseSubclients(spec.Object("subclients"));

        var operations = new List<OperationSpec>();
        var operationsNode = spec.Object("operations", required: true, hint: "the operations by name");
        if (operationsNode is not null)
        {
            if (operationsNode.Properties.Count == 0) ReportInvalid(operationsNode, "operations", "the spec", "at least one operation");
            var section = new SpecSection(this, operationsNode, "'operations'", operationsNode.Properties.Select(p => p.Name).ToArray());
            var methods = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var apiPrefix = _prefix;
            foreach (var property in operationsNode.Properties)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (section.Get(property.Name) != property.Value) continue;
                if (property.Value is not JsonObject node)
                {
                    ReportInvalid(property.Value, property.Name, "'operations'", "an object describing the operation");
                    continue;
                }
                var operation = ParseOperation(property, node, apiParameters, methods);
                _prefix = apiPrefix;
                if (operation is not null) operations.Add(operation);
            }
        }
        _cancellationToken.ThrowIfCancellationRequested();

        if (name is null || version is null || ns is null || baseUrl is null || operations.Count == 0) return null;
        // Client options: the path parameters that may come from the client, when some operation uses them.
        var used = new HashSet<string>(operations.SelectMany(o => o.PathParameters).Select(p => p.Name), StringComparer.Ordinal);
        var clientParameters = apiParameters.Values.Where(p => p.ClientDefault && used.Contains(p.Name))
            .Select(p => ToSpec(p)).ToEquatableArray();
        var api = new ApiSpec(baseUrl, servers, headers.ToEquatableArray(), clientParameters, new[] { "baseUrl" }.ToEquatableArray(), clientQuery.ToEquatableArray(),
            subclients);
        ScalarOrList.MarkRequests(_objects, operations.Select(o => o.RequestTypeName), _unions);
        return new SpecModel(_path, Sha256Hex(_text.ToString()), name, version, description, ns, _prefix, api,
            operations.ToEquatableArray(), errors, _objects.ToEquatableArray(), _enums.ToEquatableArray(), _unions.ToEquatableArray(), _spans,
            UpstreamVersion: versioning == "upstream");
    }

    /// <summary>
    /// The API's own query parameters: <c>{ "api_key": { "type": "string", "auth": "apiKey", "description" } }</c>, each
    /// a client option sent with every request when set (an API key in the query, as OpenAPI's apiKey scheme allows).
    /// </summary>
    private List<ClientQuerySpec> ParseClientQuery(JsonObject? node, List<HeaderSpec> headers, Dictionary<string, DeclaredParameter> pathParameters)
    {
        var result = new List<ClientQuerySpec>();
        if (node is null) return result;
        // Every client option has its own name: the headers', the path parameters', the fixed ones.
        var taken = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BaseAddress"] = "the client option BaseAddress", ["DefaultBaseAddress"] = "the client option DefaultBaseAddress", ["Limits"] = "the client option Limits",
            ["LoadingRetry"] = "the client option LoadingRetry", ["ValidateResponses"] = "the client option ValidateResponses",
        };
        foreach (var h in headers.Where(h => h.Scope == HeaderScope.Client)) taken[h.PropertyName] = $"header '{h.Name}'";
        foreach (var p in pathParameters.Values.Where(p => p.ClientDefault)) taken[Names.ToPascalCase(p.Name)] = $"path parameter '{p.Name}'";
        var section = new SpecSection(this, node, "'query'", node.Properties.Select(p => p.Name).ToArray());
        foreach (var property in node.Properties)
        {
            if (section.Get(property.Name) != property.Value) continue;
            var what = $"query parameter '{property.Name}' of the API";
            if (property.Value is not JsonObject paramNode)
            {
                ReportInvalid(property.Value, property.Name, "'query'", "an object");
                continue;
            }
            var param = new SpecSection(this, paramNode, what, "type", "description", "auth", "property");
            var type = param.String("type", required: true, hint: "\"string\"");
            if (type is not null and not "string") ReportInvalid(param.Get("type")!, "type", what, "\"string\" (a client option sent as it is)");
            var auth = param.String("auth");
            if (auth is not null and not "apiKey") ReportInvalid(param.Get("auth")!, "auth", what, "\"apiKey\" (a secret: never in exceptions or logs)");
            var pascal = param.String("property") ?? Names.ToPascalCase(property.Name);
            if (!Names.IsValidIdentifier(pascal))
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, property.NameSpan, property.Name, what, pascal, "Set \"property\" to a valid C# name.");
                continue;
            }
            if (taken.TryGetValue(pascal, out var owner))
            {
                Report(DiagnosticDescriptors.DuplicateName, property.NameSpan, what, pascal, owner, "property");
                continue;
            }
            taken[pascal] = what;
            if (type == "string") result.Add(new ClientQuerySpec(property.Name, pascal, auth == "apiKey", param.String("description")));
        }
        return result;
    }

    /// <summary>
    /// <c>"subclients": { "hf-inference": { "spec": "huggingface-inference", "path": "/hf-inference", "description" } }</c>:
    /// clients of other specs in the project, reached on this client's host under <c>path</c>. The path is literal
    /// segments only, so a subclient can never be pointed at another host or above this client's base address: the
    /// token this client holds goes where this client's requests go.
    /// </summary>
    private EquatableArray<SubclientSpec> ParseSubclients(JsonObject? node)
    {
        if (node is null) return EquatableArray<SubclientSpec>.Empty;
        var result = new List<SubclientSpec>();
        var methods = new Dictionary<string, string>(StringComparer.Ordinal);
        var section = new SpecSection(this, node, "'subclients'", node.Properties.Select(p => p.Name).ToArray());
        foreach (var property in node.Properties)
        {
            if (section.Get(property.Name) != property.Value) continue;
            var what = $"subclient '{property.Name}'";
            if (property.Value is not JsonObject subNode)
            {
                ReportInvalid(property.Value, property.Name, "'subclients'", "an object with \"spec\" (and \"path\", \"description\")");
                continue;
            }
            var sub = new SpecSection(this, subNode, what, "spec", "path", "description");
            var specName = sub.String("spec", required: true, hint: "the name of another spec in the project, e.g. \"huggingface-inference\"");
            var path = sub.String("path") ?? "";
            if (path.Length > 0 && !IsLiteralPath(path))
            {
                ReportInvalid(sub.Get("path")!, "path", what, "literal path segments under this client's base address, e.g. \"/hf-inference\" (letters, digits, '-', '_', '.', '~'; no '.' or '..' segment)");
                continue;
            }
            var method = Names.SubclientMethod(property.Name);
            if (!Names.IsValidIdentifier(method))
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, property.NameSpan, property.Name, what, method, "Start the key with a letter, e.g. \"hf-inference\".");
                continue;
            }
            if (methods.TryGetValue(method, out var owner))
            {
                Report(DiagnosticDescriptors.DuplicateName, property.NameSpan, what, method, owner, "method");
                continue;
            }
            methods[method] = what;
            if (specName is null) continue;
            var (file, local, lines) = _sources.Locate(sub.Get("spec")!.Span);
            result.Add(new SubclientSpec(property.Name, method, specName, path, sub.String("description"), new SpecSpan("subclients" + SpecSpan.Separator + property.Name, local, lines, file)));
        }
        return result.ToEquatableArray();
    }

    /// <summary>"/a/b-c": one or more '/'-led segments of unreserved URL characters, none of them "." or "..".</summary>
    private static bool IsLiteralPath(string path)
    {
        if (path.Length < 2 || path[0] != '/' || path.Length > 200) return false;
        foreach (var segment in path.Substring(1).Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..") return false;
            foreach (var c in segment)
            {
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c is '-' or '_' or '.' or '~')) return false;
            }
        }
        return true;
    }

    private EquatableArray<ServerSpec> ParseServers(JsonNode? node)
    {
        if (node is null) return EquatableArray<ServerSpec>.Empty;
        if (node is not JsonArray array)
        {
            ReportInvalid(node, "servers", "the spec", "an array of { \"url\": ..., \"description\": ... }");
            return EquatableArray<ServerSpec>.Empty;
        }
        var servers = new List<ServerSpec>();
        foreach (var item in array.Items)
        {
            if (item is not JsonObject o)
            {
                ReportInvalid(item, "servers", "the spec", "an object with \"url\"");
                continue;
            }
            var server = new SpecSection(this, o, "a server", "url", "description");
            var url = CheckUrl(server.String("url", required: true, hint: "an absolute URL"), server, "url");
            if (url is not null) servers.Add(new ServerSpec(url, server.String("description")));
        }
        return servers.ToEquatableArray();
    }

    /// <summary>Path parameters by name (API-wide or one operation's): description, default, slashes, client default.</summary>
    private Dictionary<string, DeclaredParameter> ParseDeclaredParameters(JsonObject? node, string what)
    {
        var result = new Dictionary<string, DeclaredParameter>(StringComparer.Ordinal);
        if (node is null) return result;
        var section = new SpecSection(this, node, what, node.Properties.Select(p => p.Name).ToArray());
        foreach (var property in node.Properties)
        {
            if (section.Get(property.Name) != property.Value) continue;
            if (property.Value is not JsonObject paramNode)
            {
                ReportInvalid(property.Value, property.Name, what, "an object");
                continue;
            }
            var param = new SpecSection(this, paramNode, $"path parameter '{property.Name}'", "description", "default", "allowSlashes", "clientDefault");
            var pascal = Names.ToPascalCase(property.Name);
            if (!Names.IsValidIdentifier(pascal))
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, property.NameSpan, property.Name, what, pascal, "Use letters and digits, starting with a letter.");
                continue;
            }
            result[property.Name] = new DeclaredParameter(property.Name, param.String("description"), param.String("default"),
                param.Bool("allowSlashes") ?? false, param.Bool("clientDefault") ?? false, property.NameSpan);
        }
        return result;
    }

    /// <summary>A declared parameter as the model holds it: always a method parameter; a client option too with a client default.</summary>
    private static PathParameterSpec ToSpec(DeclaredParameter p)
    {
        var pascal = Names.ToPascalCase(p.Name);
        return new PathParameterSpec(p.Name, p.ClientDefault ? pascal : null, Names.Parameter(pascal), p.Description, p.Default, p.AllowSlashes);
    }

    private OperationSpec? ParseOperation(JsonProperty property, JsonObject node, Dictionary<string, DeclaredParameter> apiParameters, Dictionary<string, string> methods)
    {
        var what = $"operation '{property.Name}'";
        var op = new SpecSection(this, node, what, OperationKeys);
        var explicitName = op.String("name");
        var methodName = explicitName ?? Names.ToPascalCase(property.Name);
        if (!Names.IsValidIdentifier(methodName))
        {
            Report(DiagnosticDescriptors.InvalidIdentifier, explicitName is null ? property.NameSpan : op.Get("name")!.Span, explicitName ?? property.Name, what, methodName,
                "Set \"name\" to a valid C# method name.");
            return null;
        }
        if (methodName is "SpecSha256" or "Operations" or "OperationList")
        {
            // The whole API's contract class holds these members beside one property per operation.
            Report(DiagnosticDescriptors.DuplicateName, explicitName is null ? property.NameSpan : op.Get("name")!.Span, what, methodName,
                "the generated " + Names.ContractType(_prefix), "name");
            return null;
        }
        if (methods.TryGetValue(methodName, out var other))
        {
            Report(DiagnosticDescriptors.DuplicateName, property.NameSpan, what, Names.AsyncMethod(methodName), $"operation '{other}'", "name");
            return null;
        }
        methods[methodName] = property.Name;
        // Inside an operation, generated type names start with the operation's name: TextClassificationParameters.
        _prefix = methodName;

        var method = op.String("method", required: true, hint: "the HTTP method, e.g. \"POST\"");
        if (method is not null && !HttpMethods.Contains(method))
        {
            ReportInvalid(op.Get("method")!, "method", what, "one of " + string.Join(", ", HttpMethods));
            method = null;
        }
        var path = op.String("path", required: true, hint: "the path template, e.g. \"/models/{model}\"");
        var local = ParseDeclaredParameters(op.Object("pathParameters"), $"'pathParameters' of {what}");
        var pathParameters = path is null ? null : PathParametersOf(path, op.Get("path")!, local, apiParameters, what);

        var requestTypeName = Names.RequestType(methodName);
        Claim(requestTypeName, $"the request type of {what}", op.KeySpan("payload"), "name");
        var payloadNode = op.Object("payload");
        var payload = payloadNode is null
            ? new ObjectTypeSpec(requestTypeName, $"The {property.Name} request.", EquatableArray<FieldSpec>.Empty)
            : ParseFields(payloadNode, $"the payload of {what}", requestTypeName, $"The {property.Name} request.");
        _objects.Add(payload);
        var (jsonContentType, rawField, rawContentType) = ParseBody(op.Object("body"), $"'body' of {what}", payload);
        var constants = new List<QueryConstantSpec>();
        var query = ParseQuery(op.Object("query"), what, pathParameters, constants);
        var headerConstants = ParseHeaderConstants(op.Object("headers"), what);
        var responseNode = op.Object("response", required: true, hint: "the success body, e.g. { \"type\": \"array\", \"items\": { ... } }");
        var response = responseNode is null ? null : ParseResponse(responseNode);

        var streamNode = op.Object("stream");
        var stream = streamNode is null ? null : ParseStream(streamNode, what, methodName, payload);
        var alternatives = path is null || pathParameters is null ? null : ParseAlternativePaths(op, what, path, pathParameters);

        var abstraction = ParseAbstraction(op, what, payload, pathParameters, query);
        var pollNode = op.Object("poll");
        var poll = pollNode is null || response is null ? null : ParsePoll(pollNode, what, response, streamNode is not null);
        if (pathParameters is not null)
        {
            var marked = WirePlumbing.Mark(payload, stream?.Field, pathParameters, !jsonContentType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) && rawField is null);
            if (!ReferenceEquals(marked, payload)) _objects[_objects.IndexOf(payload)] = marked;
        }

        if (method is null || path is null || pathParameters is null || response is null || (streamNode is not null && stream is null) || alternatives is null
            || (pollNode is not null && poll is null)) return null;
        var location = new[] { "operations", property.Name }.ToEquatableArray();
        return new OperationSpec(property.Name, methodName, op.String("description"), method, path, PathTemplates.Segments(path), requestTypeName,
            jsonContentType, rawField, rawContentType, pathParameters.ToEquatableArray(), query.ToEquatableArray(), response, Names.ForOperation(methodName), stream,
            Deprecated(op), constants.ToEquatableArray(), alternatives.ToEquatableArray(), abstraction, location, location, headerConstants, poll);
    }

    /// <summary>
    /// An operation's own headers: constants only (<c>"prefer": { "const": "wait", "description": ... }</c>), sent on
    /// every call of that operation and never a parameter. Settable headers belong to the API's <c>headers</c>, where
    /// a client or request option carries them; a name the API's headers already have is refused (one source a header).
    /// </summary>
    private EquatableArray<HeaderConstantSpec> ParseHeaderConstants(JsonObject? node, string what)
    {
        if (node is null) return EquatableArray<HeaderConstantSpec>.Empty;
        var result = new List<HeaderConstantSpec>();
        var section = new SpecSection(this, node, $"'headers' of {what}", node.Properties.Select(p => p.Name).ToArray());
        foreach (var property in node.Properties)
        {
            if (section.Get(property.Name) != property.Value) continue;
            var headerWhat = $"header '{property.Name}' of {what}";
            if (property.Value is not JsonObject headerNode)
            {
                ReportInvalid(property.Value, property.Name, $"'headers' of {what}", "an object with \"const\"");
                continue;
            }
            var header = new SpecSection(this, headerNode, headerWhat, "const", "description");
            var value = header.Get("const");
            if (value is null)
            {
                header.String("const", required: true, hint: "the value sent on every call, e.g. \"wait\" (an operation's own headers are constants; settable ones go in the API's 'headers')");
                continue;
            }
            if (value is not JsonString text || !IsHeaderToken(property.Name) || !IsHeaderValue(text.Value))
            {
                ReportInvalid(value is JsonString && !IsHeaderToken(property.Name) ? headerNode : value, "const", headerWhat,
                    "a header name of letters, digits and '-' with a value of visible characters and spaces (no line breaks)");
                continue;
            }
            if (_apiHeaderNames.Contains(property.Name))
            {
                Report(DiagnosticDescriptors.DuplicateName, property.NameSpan, headerWhat, property.Name, "a header of the API", "header");
                continue;
            }
            result.Add(new HeaderConstantSpec(property.Name, text.Value, header.String("description")));
        }
        return result.ToEquatableArray();
    }

    /// <summary>
    /// <c>"poll": { "path": "/together/v2/videos/{id}", "status": "status", "pending": ["queued", "in_progress"],
    /// "done": ["completed"], "interval": 2000, "maxPolls": 150 }</c>: the operation starts a job and the client asks
    /// again until it is done. The answer must be an object; the status and each placeholder name one of its string
    /// fields (a placeholder's must be required: it addresses the job). The path is on the client's own host.
    /// </summary>
    private PollSpec? ParsePoll(JsonObject node, string what, ResponseSpec response, bool streamed)
    {
        var pollWhat = $"'poll' of {what}";
        var poll = new SpecSection(this, node, pollWhat, "path", "status", "pending", "done", "interval", "maxPolls", "job", "result");
        var path = poll.String("path", required: true, hint: "the job's address on this host, its placeholders fields of the answer, e.g. \"/v2/videos/{id}\"");
        var status = poll.String("status", required: true, hint: "the answer's field that holds the job's status, e.g. \"status\"");
        var pending = Strings(poll, "pending", pollWhat);
        var done = Strings(poll, "done", pollWhat);
        var interval = Integer(poll, "interval", pollWhat, 100, 60_000, 1000);
        var maxPolls = Integer(poll, "maxPolls", pollWhat, 1, 10_000, 300);
        if (streamed)
        {
            ReportInvalid(node, "poll", what, "no 'stream' beside it (a job is waited for, then answered whole)");
            return null;
        }
        // The job's answers are the response's type, or their own (poll.job) when the response is a result asked for afterwards.
        var jobNode = poll.Object("job");
        var resultPath = poll.String("result");
        if ((jobNode is null) != (resultPath is null))
        {
            ReportInvalid(jobNode ?? node, jobNode is null ? "poll" : "job", what, "'job' and 'result' together (the job's answers' type, and the result's address once it is done), or neither");
            return null;
        }
        TypeRef? job = null;
        if (jobNode is not null)
        {
            // A definition by reference: the job's answers are a type of their own, shared by the submit and every poll.
            var jobSection = new SpecSection(this, jobNode, $"'job' of {pollWhat}", "ref");
            if (jobSection.String("ref", required: true, hint: "the job's answers' definition, e.g. \"queue-job\"") is null) return null;
            job = ParseType(jobSection, $"'job' of {pollWhat}", "Job", null);
            if (job is null) return null;
        }
        var jobType = job ?? response.Body;
        var answer = jobType.Kind == ValueKind.Object ? _objects.FirstOrDefault(o => o.Name == jobType.Name) : null;
        if (answer is null)
        {
            ReportInvalid(jobNode ?? node, jobNode is null ? "poll" : "job", what, "an object: the job's answers (the response, or 'job')");
            return null;
        }
        if (path is null || status is null || pending is null || done is null || interval is null || maxPolls is null) return null;
        if (pending.Intersect(done).FirstOrDefault() is { } both)
        {
            ReportInvalid(poll.Get("done")!, "done", pollWhat, $"states not also pending ('{both}' is in both)");
            return null;
        }
        var statusField = AnswerFieldOf(answer, status);
        if (statusField is null)
        {
            ReportInvalid(poll.Get("status")!, "status", pollWhat, "a string field of the answer (" + answer.Name + "), nested ones with dots (data.status)");
            return null;
        }
        var parts = JobAddress(path, poll.Get("path")!, "path", pollWhat, answer);
        var result = resultPath is null ? null : JobAddress(resultPath, poll.Get("result")!, "result", pollWhat, answer);
        if (parts is null || (resultPath is not null && result is null)) return null;
        return new PollSpec(path, parts.ToEquatableArray(), statusField, pending.ToEquatableArray(), done.ToEquatableArray(), interval.Value, maxPolls.Value,
            job, (result ?? new List<PollPart>()).ToEquatableArray(), resultPath);
    }

    /// <summary>
    /// A job's address on the client's host: '/'-led literal text and placeholders naming string fields of the job's
    /// answer (<c>{field}</c> one escaped segment, <c>{data.id}</c> nested, <c>{response_url:path}</c> the path of a URL
    /// the answer gives: never its host), then maybe a literal query (<c>?_subdomain=queue</c>). Null (reported) when not.
    /// </summary>
    private List<PollPart>? JobAddress(string template, JsonNode node, string key, string what, ObjectTypeSpec answer)
    {
        var query = template.IndexOf('?');
        var path = query < 0 ? template : template.Substring(0, query);
        var literalQuery = query < 0 ? "" : template.Substring(query);
        if (path.Length == 0 || path[0] != '/' || path.Contains("//") || path.Contains("..") || path.Contains('#') || !PathTemplates.IsBalanced(path)
            || literalQuery.Skip(1).Any(c => !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c is '_' or '-' or '.' or '~' or '=' or '&')))
        {
            ReportInvalid(node, key, what, "a path on this client's host starting with '/', its placeholders in braces (no '..'), maybe a literal query (?name=value)");
            return null;
        }
        var parts = new List<PollPart>();
        foreach (var segment in PathTemplates.Segments(path))
        {
            if (segment.Parameter is null)
            {
                parts.Add(new PollPart(segment.Text, null, false));
                continue;
            }
            // {field} is one escaped segment; {field:path} a URL the answer gives, of which the path is taken (the host never).
            var urlPath = segment.Parameter.EndsWith(":path", StringComparison.Ordinal);
            var name = urlPath ? segment.Parameter.Substring(0, segment.Parameter.Length - ":path".Length) : segment.Parameter;
            if (AnswerFieldOf(answer, name) is not { } field)
            {
                ReportInvalid(node, key, what, $"placeholders that name string fields of the job's answer ({answer.Name}; nested with dots, a URL's path with ':path'); '{{{segment.Parameter}}}' does not");
                return null;
            }
            parts.Add(new PollPart(segment.Text, field, urlPath));
        }
        if (literalQuery.Length > 0) parts.Add(new PollPart(literalQuery, null, false));
        return parts;
    }

    /// <summary>
    /// A string field of <paramref name="answer"/> by its wire names joined with dots (<c>data.urls.get</c>), through
    /// nested objects: its JSON path and its C# access (null-conditional: any step may be missing). Null when a step
    /// is not a field, a step before the last not an object, or the last not a string.
    /// </summary>
    private AnswerField? AnswerFieldOf(ObjectTypeSpec answer, string dotted)
    {
        var current = answer;
        var access = new System.Text.StringBuilder();
        var steps = dotted.Split('.');
        for (var i = 0; i < steps.Length; i++)
        {
            var field = current?.Fields.FirstOrDefault(f => f.WireName == steps[i]);
            if (field is null) return null;
            access.Append(i == 0 ? "." : "?.").Append(field.PropertyName);
            if (i == steps.Length - 1) return field.Type.Kind == ValueKind.String ? new AnswerField("$." + dotted, access.ToString()) : null;
            current = field.Type.Kind == ValueKind.Object ? _objects.FirstOrDefault(o => o.Name == field.Type.Name) : null;
        }
        return null;
    }

    private List<string>? Strings(SpecSection section, string key, string what)
    {
        var node = section.Get(key);
        if (node is null)
        {
            section.ReportMissing(key, "a list of status values, e.g. [\"queued\"]");
            return null;
        }
        if (node is not JsonArray array || array.Items.Count == 0 || array.Items.Any(i => i is not JsonString { Value.Length: > 0 }))
        {
            ReportInvalid(node, key, what, "a non-empty list of status values (strings)");
            return null;
        }
        return array.Items.Select(i => ((JsonString)i).Value).Distinct(StringComparer.Ordinal).ToList();
    }

    private int? Integer(SpecSection section, string key, string what, int min, int max, int fallback)
    {
        var node = section.Get(key);
        if (node is null) return fallback;
        if (node is JsonNumber number && int.TryParse(number.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        ReportInvalid(node, key, what, $"a whole number from {min} to {max}");
        return null;
    }

    private static bool IsHeaderToken(string name)
        => name.Length > 0 && name.Length <= 100 && name.All(c => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-');

    // Visible ASCII and spaces: nothing that could end the header or start another (CR, LF), nothing HttpClient refuses.
    private static bool IsHeaderValue(string value)
        => value.Length > 0 && value.Length <= 1000 && value.All(c => c >= ' ' && c <= '~');

    /// <summary>
    /// <c>"abstraction": "chat-completion"</c> or <c>"embeddings"</c>: the operation has the shape of an OpenAI-style chat
    /// completion (a <c>messages</c> payload) or embeddings call (an <c>input</c> or <c>inputs</c> payload), so the client
    /// can be handed to .NET's AI abstractions. The shape must let an adapter call it with nothing but a model id: no
    /// path parameter but <c>{model}</c>, no required query parameter. Null when absent or wrong (reported).
    /// </summary>
    private string? ParseAbstraction(SpecSection op, string what, ObjectTypeSpec payload, List<PathParameterSpec>? pathParameters, List<QueryParameterSpec> query)
    {
        var value = op.String("abstraction");
        if (value is null) return null;
        var node = op.Get("abstraction")!;
        if (value is not (OperationAbstractions.ChatCompletion or OperationAbstractions.Embeddings))
        {
            ReportInvalid(node, "abstraction", what, $"\"{OperationAbstractions.ChatCompletion}\" or \"{OperationAbstractions.Embeddings}\"");
            return null;
        }
        var fields = payload.Fields.Select(f => f.WireName).ToList();
        string? problem = value == OperationAbstractions.ChatCompletion
            ? (fields.Contains("messages") ? null : "a chat-completion operation whose payload has 'messages'")
            : (fields.Contains("input") || fields.Contains("inputs") ? null : "an embeddings operation whose payload has 'input' or 'inputs'");
        problem ??= pathParameters?.FirstOrDefault(p => p.Name != "model") is { } extra
            ? $"an operation whose only path parameter is {{model}} (it has {{{extra.Name}}})"
            : query.FirstOrDefault(q => q.Required) is { } required ? $"an operation without required query parameters (it has '{required.Name}')" : null;
        if (problem is not null)
        {
            ReportInvalid(node, "abstraction", what, problem);
            return null;
        }
        return value;
    }

    /// <summary>
    /// <c>"alternativePaths": [{ "path": "/pipeline/feature-extraction/{model}", "evidence": "..." }]</c>: other
    /// paths the service serves the same operation at, each with the evidence that it does. The client sends to
    /// <c>path</c>; contract tests route recordings made at an alternative to the operation. An alternative has
    /// exactly the path parameters of <c>path</c>, so that a recorded URL gives every value.
    /// </summary>
    private List<string>? ParseAlternativePaths(SpecSection op, string what, string path, List<PathParameterSpec> parameters)
    {
        var result = new List<string>();
        var node = op.Get("alternativePaths");
        if (node is null) return result;
        if (node is not JsonArray array)
        {
            ReportInvalid(node, "alternativePaths", what, "an array of { \"path\", \"evidence\" }");
            return null;
        }
        var ok = true;
        var names = parameters.Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
        foreach (var item in array.Items)
        {
            if (item is not JsonObject itemObject)
            {
                ReportInvalid(item, "alternativePaths", what, "an object { \"path\", \"evidence\" }");
                ok = false;
                continue;
            }
            var section = new SpecSection(this, itemObject, $"an alternative path of {what}", "path", "evidence");
            var alternative = section.String("path", required: true, hint: "the other path template, e.g. \"/pipeline/feature-extraction/{model}\"");
            var evidence = section.String("evidence", required: true, hint: "where the service is seen or documented to serve it there");
            if (alternative is null || evidence is null)
            {
                ok = false;
                continue;
            }
            var pathNode = section.Get("path")!;
            if (evidence.Trim().Length == 0)
            {
                ReportInvalid(section.Get("evidence")!, "evidence", section.What, "a non-empty string: a recording, a document or the client code that shows the path");
                ok = false;
            }
            if (!alternative.StartsWith("/", StringComparison.Ordinal) || alternative.IndexOf('?') >= 0 || alternative.IndexOf('#') >= 0
                || !PathTemplates.IsBalanced(alternative))
            {
                ReportInvalid(pathNode, "path", section.What, "a path starting with '/' with balanced {name} placeholders, without query or fragment");
                ok = false;
                continue;
            }
            var own = PathTemplates.Parameters(alternative).OrderBy(n => n, StringComparer.Ordinal).ToList();
            if (!own.SequenceEqual(names))
            {
                ReportInvalid(pathNode, "path", section.What, "the placeholders of '" + path + "' (" + (names.Count == 0 ? "none" : string.Join(", ", names.Select(n => "{" + n + "}"))) + "), each once");
                ok = false;
                continue;
            }
            if (alternative == path || result.Contains(alternative))
            {
                ReportInvalid(pathNode, "path", section.What, "a path other than 'path' and the other alternatives");
                ok = false;
                continue;
            }
            result.Add(alternative);
        }
        return ok ? result : null;
    }

    /// <summary>
    /// The streamed form: <c>{ "field": "stream", "event": { type }, "sentinel": "[DONE]", "errorField": "error",
    /// "errorEvent": "error", "description" }</c>. The field must be a boolean of the payload.
    /// </summary>
    private StreamSpec? ParseStream(JsonObject node, string what, string methodName, ObjectTypeSpec payload)
    {
        var stream = new SpecSection(this, node, $"'stream' of {what}", "description", "field", "event", "sentinel", "errorField", "errorEvent");
        var description = stream.String("description");
        var field = stream.String("field");
        if (field is not null && !payload.Fields.Any(f => f.WireName == field && f.Type.Kind == ValueKind.Boolean))
        {
            Report(DiagnosticDescriptors.InvalidReference, stream.Get("field")!.Span,
                $"'stream.field' of {what} names '{field}', which is not a boolean field of its payload",
                "Add it to 'payload' as { \"type\": \"boolean\" }, or name the field that asks for a stream.");
            return null;
        }
        var sentinel = stream.String("sentinel");
        var errorField = stream.String("errorField");
        var errorEvent = stream.String("errorEvent");
        var names = Names.ForStream(methodName);
        var eventNode = stream.Object("event", required: true, hint: "the type of each event's JSON, e.g. { \"ref\": \"ChatCompletionChunk\" }");
        if (eventNode is null) return null;
        var eventSection = new SpecSection(this, eventNode, $"the event of {what}", "description", "type", "items", "properties", "typeName", "ref", "values", "variants", "discriminator");
        var type = ParseType(eventSection, $"the event of {what}", names.DefaultEventType, eventSection.String("description") ?? description);
        if (type is null) return null;
        if (type.Kind is ValueKind.Binary or ValueKind.Mask)
        {
            ReportInvalid(eventNode, "event", what, "a JSON type (an event's data is JSON)");
            return null;
        }
        return new StreamSpec(type, field, sentinel, errorField, errorEvent, description, names.Method,
            names.Deserialize, names.Serialize);
    }

    /// <summary>The parameters of a path template, in order: each declared by the operation or the API.</summary>
    private List<PathParameterSpec>? PathParametersOf(string path, JsonNode pathNode, Dictionary<string, DeclaredParameter> local,
        Dictionary<string, DeclaredParameter> api, string what)
    {
        if (!path.StartsWith("/", StringComparison.Ordinal) || path.IndexOf('?') >= 0 || path.IndexOf('#') >= 0
            || !PathTemplates.IsBalanced(path))
        {
            ReportInvalid(pathNode, "path", what, "a path starting with '/' with balanced {name} placeholders, without query or fragment");
            return null;
        }
        var result = new List<PathParameterSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in PathTemplates.Parameters(path))
        {
            if (!seen.Add(name))
            {
                ReportInvalid(pathNode, "path", what, $"each placeholder once ('{{{name}}}' appears twice)");
                return null;
            }
            if (local.TryGetValue(name, out var declared) || api.TryGetValue(name, out declared))
            {
                result.Add(ToSpec(declared));
                continue;
            }
            Report(DiagnosticDescriptors.InvalidReference, pathNode.Span,
                $"The path template of {what} uses '{{{name}}}', which neither its 'pathParameters' nor the API's define",
                $"Add \"{name}\": {{ \"description\": \"...\" }} to 'pathParameters'.");
        }
        foreach (var unused in local.Values.Where(p => !seen.Contains(p.Name)))
        {
            Report(DiagnosticDescriptors.InvalidReference, unused.Span, $"Path parameter '{unused.Name}' of {what} is not used in its path '{path}'",
                "Remove it or add {" + unused.Name + "} to 'path'.");
        }
        return result;
    }

    /// <summary>Query parameters: scalars or enums, sent only when set; each a method parameter.</summary>
    /// <remarks>
    /// A parameter with <c>"const": "value"</c> is sent with that value on every call and is no method parameter
    /// (<paramref name="constants"/>): a document's literal query (<c>/responses?beta=true</c>).
    /// </remarks>
    private List<QueryParameterSpec> ParseQuery(JsonObject? node, string what, List<PathParameterSpec>? pathParameters, List<QueryConstantSpec> constants)
    {
        var result = new List<QueryParameterSpec>();
        if (node is null) return result;
        var section = new SpecSection(this, node, $"'query' of {what}", node.Properties.Select(p => p.Name).ToArray());
        var names = new HashSet<string>((pathParameters ?? new List<PathParameterSpec>()).Select(p => p.ParameterName!), StringComparer.Ordinal);
        foreach (var property in node.Properties)
        {
            if (section.Get(property.Name) != property.Value) continue;
            var paramWhat = $"query parameter '{property.Name}' of {what}";
            if (property.Value is not JsonObject paramNode)
            {
                ReportInvalid(property.Value, property.Name, $"'query' of {what}", "an object");
                continue;
            }
            var param = new SpecSection(this, paramNode, paramWhat, QueryKeys);
            if (param.Get("const") is { } constNode)
            {
                if (constNode is not JsonString constant)
                {
                    ReportInvalid(constNode, "const", paramWhat, "the value as text, e.g. \"true\"");
                }
                else if (param.String("type") is { } constType && constType != "string")
                {
                    ReportInvalid(param.Get("type")!, "type", paramWhat, "\"string\" (a constant is sent as the text given)");
                }
                else
                {
                    constants.Add(new QueryConstantSpec(property.Name, constant.Value));
                }
                continue;
            }
            var type = ParseType(param, paramWhat, _prefix + Names.ToPascalCase(property.Name), param.String("description"));
            if (type is not null && type.Kind is not (ValueKind.String or ValueKind.Number or ValueKind.Integer or ValueKind.Long or ValueKind.ULong or ValueKind.Boolean or ValueKind.Enum))
            {
                ReportInvalid(param.Get("type")!, "type", paramWhat, "string, number, integer, boolean or enum (a query value is text)");
                continue;
            }
            var explicitName = param.String("property");
            var pascal = explicitName ?? Names.ToPascalCase(property.Name);
            if (!Names.IsValidIdentifier(pascal))
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, property.NameSpan, property.Name, paramWhat, pascal, "Set \"property\" to a valid C# name.");
                continue;
            }
            var parameterName = Names.Parameter(pascal);
            if (!names.Add(parameterName))
            {
                Report(DiagnosticDescriptors.DuplicateName, property.NameSpan, paramWhat, parameterName, "another parameter of the operation", "property");
                continue;
            }
            var defaultNode = param.Get("default");
            if (defaultNode is not null && type is not null)
            {
                CheckDefault(defaultNode, type, type.Kind == ValueKind.Enum && _enumsByName.TryGetValue(type.Name!, out var e) ? e : null, paramWhat);
            }
            if (type is null) continue;
            result.Add(new QueryParameterSpec(property.Name, parameterName, type, param.Bool("required") ?? false, param.String("description"),
                defaultNode is null ? null : _sources.TextOf(defaultNode.Span)));
        }
        return result;
    }
}
