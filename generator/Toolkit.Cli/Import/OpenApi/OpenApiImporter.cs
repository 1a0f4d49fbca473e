using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Toolkit.Generator.Naming;

namespace Toolkit.Cli.Import.OpenApi;

/// <summary>What the user may set instead of what the document says.</summary>
internal sealed record OpenApiImportOptions(string? Name = null, string? Version = null, string? Namespace = null);

/// <summary>
/// An OpenAPI 3.0/3.1 document (read by Microsoft.OpenApi, see <see cref="OpenApiDocuments"/>) as one whole-API spec
/// (format 2): servers to the base URL, security schemes to client auth headers, operations by operationId, path,
/// query and header parameters, JSON or binary request bodies, the success response, <c>text/event-stream</c> as the
/// streamed form, error responses as the error bodies, <c>components/schemas</c> as shared definitions.
/// </summary>
internal sealed class OpenApiImporter
{
    private static readonly string[] Methods = { "GET", "POST", "PUT", "PATCH", "DELETE" };

    private readonly OpenApiDocument _document;
    private readonly JsonObject _raw;
    private readonly OpenApiNotes _notes;
    private readonly OpenApiSchemaMapper _schemas;
    private readonly JsonObject _headers = new();
    private readonly JsonObject _query = new();
    private readonly SortedDictionary<int, (JsonObject Body, string Pointer)> _errorBodies = new();
    private ISet<string> _definitionNames = new HashSet<string>();

    private OpenApiImporter(OpenApiDocument document, JsonObject raw, OpenApiNotes notes)
    {
        _document = document;
        _raw = raw;
        _notes = notes;
        _schemas = new OpenApiSchemaMapper(document.Components?.Schemas, notes);
    }

    /// <summary>The spec for a document already read (and normalised) by <see cref="OpenApiDocuments"/>.</summary>
    public static ImportResult Import(OpenApiDocument document, JsonObject raw, OpenApiNotes notes, OpenApiImportOptions options)
        => new OpenApiImporter(document, raw, notes).Run(options);

    private ImportResult Run(OpenApiImportOptions options)
    {
        var title = OpenApiSchemaMapper.Text(_document.Info?.Title) ?? "api";
        var name = options.Name ?? Slug(title);
        var version = options.Version ?? Version(_document.Info?.Version);
        var ns = options.Namespace ?? NamespaceOf(title);
        var spec = new JsonObject
        {
            ["name"] = name,
            ["version"] = version,
            ["description"] = OpenApiSchemaMapper.Text(_document.Info?.Description) ?? title,
            ["namespace"] = ns,
            // The document's info.version is the upstream's release number; TGI 2.4 breaks 2.0 without a new major.
            ["versioning"] = "upstream",
        };
        var (baseUrl, servers) = Servers();
        spec["baseUrl"] = baseUrl;
        if (servers.Count > 0) spec["servers"] = servers;
        Security();

        var definitions = _schemas.Definitions(BodyOnlyComponents(), ReservedTypeNames(name));
        _definitionNames = _schemas.DefinitionNames(definitions);
        var operations = Operations();
        if (_headers.Count > 0) spec["headers"] = _headers;
        if (_query.Count > 0) spec["query"] = _query;
        if (Errors() is { } errors) spec["errors"] = errors;
        if (definitions.Count > 0) spec["definitions"] = definitions;
        spec["operations"] = operations;
        return new ImportResult(spec, _notes.All);
    }

    private string Version(string? version)
    {
        if (version is not null && Generator.Parsing.SpecParser.IsSemVer(version)) return version;
        // "v1.12.x", "1.2": the numbers there, zero for what is missing.
        var numbers = Regex.Matches(version ?? "", @"\d+").Select(m => m.Value.TrimStart('0') is { Length: > 0 } n ? n : "0").Take(3).ToList();
        while (numbers.Count < 3) numbers.Add("0");
        var semver = string.Join(".", numbers);
        _notes.Add("#/info/version", $"'{version}' is not a semantic version; the spec says {semver} (use --version to choose).");
        return semver;
    }

    /// <summary>The kebab-case of a title: "Text Generation Inference" → text-generation-inference.</summary>
    private static string Slug(string title)
    {
        var words = Regex.Matches(title, "[A-Za-z0-9]+").Select(m => m.Value.ToLowerInvariant()).ToList();
        var slug = string.Join("-", words);
        return slug.Length == 0 || !char.IsLetter(slug[0]) ? "api" + (slug.Length == 0 ? "" : "-" + slug) : slug;
    }

    private static string NamespaceOf(string title)
    {
        var pascal = Names.ToPascalCase(Slug(title));
        return Names.IsValidIdentifier(pascal) ? pascal : "Api";
    }

    /// <summary>The first server (variables at their defaults) is the base URL; the others are listed.</summary>
    private (string BaseUrl, JsonArray Servers) Servers()
    {
        var servers = new JsonArray();
        string? baseUrl = null;
        var list = (_document.Servers ?? new List<OpenApiServer>()).Where(s => s is not null).ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var server = list[i];
            var url = server.Url ?? "";
            foreach (var (variable, value) in server.Variables ?? new Dictionary<string, OpenApiServerVariable>())
            {
                url = url.Replace("{" + variable + "}", value?.Default ?? "");
            }
            if (!Uri.TryCreate(url, UriKind.Absolute, out var absolute) || absolute.Scheme is not ("http" or "https"))
            {
                _notes.Add($"#/servers/{i}/url", $"'{server.Url}' is not an absolute http(s) URL; " + (i == 0 ? "the base URL is http://localhost" + (url.StartsWith("/", StringComparison.Ordinal) ? url : "") + "." : "left out."));
                if (i == 0) baseUrl = "http://localhost" + (url.StartsWith("/", StringComparison.Ordinal) ? url.TrimEnd('/') : "");
                continue;
            }
            url = url.TrimEnd('/');
            if (baseUrl is null) baseUrl = url;
            else servers.Add(new JsonObject { ["url"] = url, ["description"] = OpenApiSchemaMapper.Text(server.Description) });
        }
        if (baseUrl is null)
        {
            _notes.Add("#/servers", "the document names no server; the base URL is http://localhost (set the client's BaseAddress).");
            baseUrl = "http://localhost";
        }
        foreach (var server in servers.OfType<JsonObject>().Where(s => s["description"] is null).ToList()) server.Remove("description");
        return (baseUrl, servers);
    }

    /// <summary>Security schemes as client headers: bearer (and OAuth2/OpenID tokens) as Token, API keys in headers by name.</summary>
    private void Security()
    {
        var schemes = _document.Components?.SecuritySchemes;
        if (schemes is null) return;
        foreach (var (key, scheme) in schemes)
        {
            if (scheme is null) continue;
            var pointer = "#/components/securitySchemes/" + OpenApiNotes.Escape(key);
            switch (scheme.Type)
            {
                case SecuritySchemeType.Http when string.Equals(scheme.Scheme, "bearer", StringComparison.OrdinalIgnoreCase):
                case SecuritySchemeType.OAuth2:
                case SecuritySchemeType.OpenIdConnect:
                    if (scheme.Type != SecuritySchemeType.Http) _notes.Add(pointer, $"{scheme.Type}: the client sends the token you obtain as 'Authorization: Bearer'; obtaining it is yours.");
                    AddHeader("authorization", new JsonObject
                    {
                        ["type"] = "string", ["scope"] = "client", ["auth"] = "bearer",
                        ["description"] = OpenApiSchemaMapper.Text(scheme.Description) ?? "The bearer token.",
                    }, pointer);
                    break;
                case SecuritySchemeType.ApiKey when scheme.In == ParameterLocation.Header && scheme.Name is { Length: > 0 } header:
                    AddHeader(header, new JsonObject
                    {
                        ["type"] = "string", ["scope"] = "client",
                        ["description"] = OpenApiSchemaMapper.Text(scheme.Description) ?? "The API key.",
                    }, pointer);
                    break;
                case SecuritySchemeType.ApiKey when scheme.In == ParameterLocation.Query && scheme.Name is { Length: > 0 } parameter:
                    // A client option sent on every request: { "api_key": { "type": "string", "auth": "apiKey" } } at the top.
                    if (!_query.ContainsKey(parameter))
                    {
                        _query[parameter] = new JsonObject { ["type"] = "string", ["auth"] = "apiKey", ["description"] = OpenApiSchemaMapper.Text(scheme.Description) ?? "The API key." };
                        var pascal = Names.ToPascalCase(parameter);
                        // A header option may have the name already (X-Api-Key is ApiKey too): the query one says where it goes.
                        var headerNames = _headers.Select(h => h.Value?["property"]?.GetValue<string>() ?? Names.ToPascalCase(Names.HeaderBaseName(h.Key)));
                        if (!Names.IsValidIdentifier(pascal) || pascal is "Token" or "BaseAddress" or "Limits" || headerNames.Contains(pascal))
                        {
                            _query[parameter]!["property"] = "Query" + new string(pascal.Where(char.IsLetterOrDigit).ToArray());
                        }
                    }
                    break;
                default:
                    _notes.Add(pointer, $"security scheme {scheme.Type} ({scheme.Scheme ?? scheme.In?.ToString()}) is not imported: set it with a DelegatingHandler.");
                    break;
            }
        }
    }

    private void AddHeader(string name, JsonObject header, string pointer)
    {
        var existing = _headers.Select(h => h.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        if (existing is not null) return; // declared by a security scheme or another operation: one option
        if (!Generator.Parsing.SpecParser.IsHttpToken(name))
        {
            _notes.Add(pointer, $"header '{name}' is not an HTTP token; left out.");
            return;
        }
        var pascal = Names.ToPascalCase(Names.HeaderBaseName(name));
        if (!Names.IsValidIdentifier(pascal) || pascal is "Token" or "BaseAddress" or "Timeout") header["property"] = "Header" + new string(pascal.Where(char.IsLetterOrDigit).ToArray());
        _headers[name] = header;
    }

    /// <summary>The C# names the generator gives the client's own types and each operation's request type.</summary>
    private ISet<string> ReservedTypeNames(string name)
    {
        var prefix = Names.ToPascalCase(name);
        var reserved = new HashSet<string>(new[] { "Client", "ClientOptions", "RequestOptions", "Serializer", "Validator", "Contract", "ServiceCollectionExtensions" }.Select(s => prefix + s), StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var quiet = new OpenApiNotes();
        foreach (var (path, item) in _document.Paths ?? new OpenApiPaths())
        {
            if (item is null) continue;
            foreach (var (method, operation) in item.Operations ?? new Dictionary<HttpMethod, OpenApiOperation>())
            {
                if (operation is null) continue;
                reserved.Add(Names.ToPascalCase(OperationKey(operation.OperationId, method.Method.ToUpperInvariant(), path, keys, "", quiet)) + "Request");
            }
        }
        return reserved;
    }

    /// <summary>
    /// Components used only as JSON request bodies: their fields become each operation's payload ({Op}Request), so
    /// they are not generated a second time as definitions.
    /// </summary>
    private ISet<string> BodyOnlyComponents()
    {
        var bodies = new HashSet<string>(StringComparer.Ordinal);
        var elsewhere = new HashSet<string>(StringComparer.Ordinal);
        Walk(_raw, "");
        bodies.ExceptWith(elsewhere);
        return bodies;

        void Walk(JsonNode? node, string pointer)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        if (key == "$ref" && value is JsonValue v && v.TryGetValue<string>(out var target) && target.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                        {
                            var component = Unescape(target.Substring("#/components/schemas/".Length));
                            if (Regex.IsMatch(pointer, @"^/paths/[^/]+/[a-z]+/requestBody/content/[^/]+/schema$")) bodies.Add(component);
                            else elsewhere.Add(component);
                        }
                        else Walk(value, pointer + "/" + OpenApiNotes.Escape(key));
                    }
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++) Walk(a[i], pointer + "/" + i.ToString(CultureInfo.InvariantCulture));
                    break;
            }
        }
    }

    private static string Unescape(string token) => token.Replace("~1", "/").Replace("~0", "~");

    private JsonObject Operations()
    {
        var operations = new JsonObject();
        var methodNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in _document.Paths ?? new OpenApiPaths())
        {
            var pathPointer = "#/paths/" + OpenApiNotes.Escape(path);
            if (item is null) continue;
            foreach (var (httpMethod, operation) in item.Operations ?? new Dictionary<HttpMethod, OpenApiOperation>())
            {
                if (operation is null) continue;
                var method = httpMethod.Method.ToUpperInvariant();
                var pointer = pathPointer + "/" + method.ToLowerInvariant();
                if (!Methods.Contains(method))
                {
                    _notes.Add(pointer, $"{method} operations are not in the spec format; left out.");
                    continue;
                }
                var key = OperationKey(operation.OperationId, method, path, methodNames, pointer, _notes);
                var parameters = (item.Parameters ?? new List<IOpenApiParameter>()).Concat(operation.Parameters ?? new List<IOpenApiParameter>())
                    .Where(p => p is not null)
                    .GroupBy(p => (p.Name, p.In)).Select(g => g.Last()).ToList();
                operations[key] = Operation(operation, Names.ToPascalCase(key), method, path, parameters, pointer);
            }
        }
        return operations;
    }

    /// <summary>The operation's key: its operationId; without one (or when two would make the same method), method and path.</summary>
    private static string OperationKey(string? operationId, string method, string path, HashSet<string> methodNames, string pointer, OpenApiNotes notes)
    {
        if (operationId is { Length: > 0 } id && Names.IsValidIdentifier(Names.ToPascalCase(id)) && methodNames.Add(Names.ToPascalCase(id))) return id;
        var words = new List<string> { method.ToLowerInvariant() };
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var word = segment.StartsWith("{", StringComparison.Ordinal) ? "by-" + segment.Trim('{', '}') : segment;
            words.Add(new string(word.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-'));
        }
        var key = string.Join("-", words.Where(w => w.Length > 0));
        if (words.Count == 1) key += "-root";
        var pascal = Names.ToPascalCase(key);
        if (!methodNames.Add(pascal))
        {
            // Two operations, one path and method: cannot happen in a valid document; say so rather than number them.
            notes.Add(pointer, $"operation '{key}' is named twice.");
            return key + "-duplicate-" + method.ToLowerInvariant();
        }
        if (operationId is { Length: > 0 }) notes.Add(pointer + "/operationId", $"operationId '{operationId}' gives no C# method name of its own; the operation is '{key}'.");
        return key;
    }

    private JsonObject Operation(OpenApiOperation operation, string methodName, string method, string path, List<IOpenApiParameter> parameters, string pointer)
    {
        var result = new JsonObject();
        var description = OpenApiSchemaMapper.Text(operation.Summary) is { } summary
            ? OpenApiSchemaMapper.Text(operation.Description) is { } more && more != summary ? summary + " " + more : summary
            : OpenApiSchemaMapper.Text(operation.Description);
        if (description is not null) result["description"] = description;
        if (operation.Deprecated) result["deprecated"] = OpenApiSchemaMapper.DeprecationReason(description);
        if (Abstraction(operation, pointer) is { } abstraction) result["abstraction"] = abstraction;
        result["method"] = method;
        var query = new JsonObject();
        result["path"] = LiteralPath(path, pointer, query);

        var pathParameters = new JsonObject();
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            var at = pointer + "/parameters/" + i.ToString(CultureInfo.InvariantCulture);
            if (parameter.Name is not { Length: > 0 } parameterName) continue;
            switch (parameter.In)
            {
                case ParameterLocation.Path:
                    var p = new JsonObject();
                    if (OpenApiSchemaMapper.Text(parameter.Description) is { } about) p["description"] = about;
                    if (parameter.Schema is { } ps && OpenApiSchemaMapper.Resolve(ps).Type is { } pt && (pt & ~JsonSchemaType.Null) is not (JsonSchemaType.String or 0))
                    {
                        _notes.Add(at, $"path parameter '{parameterName}' is {pt}; passed as its text (a string).");
                    }
                    pathParameters[parameterName] = p;
                    break;
                case ParameterLocation.Query:
                    if (query[parameterName]?["const"] is { } constant)
                    {
                        _notes.Add(at, $"query parameter '{parameterName}' is also in the path ('{constant}'); the path's value is sent.");
                        break;
                    }
                    if (QueryParameter(parameter, at) is { } q) query[parameterName] = q;
                    break;
                case ParameterLocation.Header:
                    HeaderParameter(parameter, at);
                    break;
                default:
                    _notes.Add(at, $"{parameter.In} parameter '{parameterName}' is not in the spec format; left out.");
                    break;
            }
        }
        if (pathParameters.Count > 0) result["pathParameters"] = pathParameters;
        if (query.Count > 0) result["query"] = query;

        var payload = RequestBody(operation.RequestBody, pointer + "/requestBody", result);
        if (payload is not null) result["payload"] = payload;
        Responses(operation.Responses, pointer + "/responses", result, payload, methodName,
            operation.RequestBody?.Content?.FirstOrDefault(c => IsJson(c.Key)).Value?.Schema);
        return result;
    }

    /// <summary>
    /// The path template an operation's key carries, without what OpenAPI does not allow there but real documents
    /// write: a literal query (<c>/responses?beta=true</c>) becomes constant query parameters, sent on every call
    /// before the operation's own (<c>?beta=true&amp;limit=10</c>); a fragment (<c>/v1/conversations#stream</c>) only
    /// tells two operations on one path apart (their keys do that) and is dropped.
    /// </summary>
    private string LiteralPath(string path, string pointer, JsonObject query)
    {
        var fragment = path.IndexOf('#');
        if (fragment >= 0)
        {
            _notes.Add(pointer, $"the path's fragment '{path.Substring(fragment)}' is not sent (it tells operations on one path apart).");
            path = path.Substring(0, fragment);
        }
        var mark = path.IndexOf('?');
        if (mark < 0) return path;
        foreach (var pair in path.Substring(mark + 1).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair.Substring(0, equals));
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair.Substring(equals + 1));
            if (name.Length == 0) continue;
            query[name] = new JsonObject { ["type"] = "string", ["const"] = value, ["description"] = $"Sent as {name}={value} on every call (the document's path says so)." };
        }
        return path.Substring(0, mark);
    }

    private JsonObject? QueryParameter(IOpenApiParameter parameter, string pointer)
    {
        if (parameter.Schema is null)
        {
            _notes.Add(pointer, $"query parameter '{parameter.Name}' has no schema; taken as a string.");
            return new JsonObject { ["type"] = "string" };
        }
        var field = _schemas.Field(parameter.Schema, parameter.Name!, parameter.Required, pointer + "/schema");
        if (field.ContainsKey("ref") && OpenApiSchemaMapper.Resolve(parameter.Schema) is { Enum: { Count: > 0 } } enumSchema)
        {
            // A referenced enum definition: inline its values (a query parameter's type is written in place).
            field = _schemas.Type(enumSchema, pointer + "/schema", definition: true, out _);
            if (parameter.Required) field["required"] = true;
        }
        var kind = field["type"]?.GetValue<string>();
        if (kind is not ("string" or "number" or "integer" or "boolean" or "enum") || field["format"]?.GetValue<string>() == "binary")
        {
            _notes.Add(pointer, $"query parameter '{parameter.Name}' is {(kind ?? "an object")}: the spec format's query values are scalars; left out" + (parameter.Required ? " (it is required: calls the service may refuse)." : "."));
            return null;
        }
        field.Remove("nullable");
        field.Remove("minimum");
        field.Remove("maximum");
        field.Remove("origin");
        // An integer keeps its width (the spec's query integers follow the integer policy); other formats are text.
        if (field["format"] is not null && kind != "integer")
        {
            _notes.Add(pointer, $"query parameter '{parameter.Name}' ({field["format"]}) passed as text.");
            field.Remove("format");
        }
        if (OpenApiSchemaMapper.Text(parameter.Description) is { } about) field["description"] = about;
        if (!Names.IsValidIdentifier(Names.ToPascalCase(parameter.Name!))) field["property"] = "Query" + new string(parameter.Name!.Where(char.IsLetterOrDigit).ToArray());
        return field;
    }

    private void HeaderParameter(IOpenApiParameter parameter, string pointer)
    {
        var kind = parameter.Schema is null ? "string" : _schemas.Type(parameter.Schema, pointer + "/schema", definition: false, out _)["type"]?.GetValue<string>();
        if (kind is not ("string" or "boolean" or "number" or "integer"))
        {
            _notes.Add(pointer, $"header '{parameter.Name}' is {kind ?? "a reference"}; sent as a string.");
            kind = "string";
        }
        var header = new JsonObject { ["type"] = kind, ["scope"] = "request" };
        if (OpenApiSchemaMapper.Text(parameter.Description) is { } about) header["description"] = about;
        AddHeader(parameter.Name!, header, pointer);
    }

    /// <summary>The payload of a JSON body (its object's fields), or the raw body's one binary field.</summary>
    private JsonObject? RequestBody(IOpenApiRequestBody? body, string pointer, JsonObject operation)
    {
        if (body?.Content is not { Count: > 0 } allContent) return null;
        var content = allContent.Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value);
        if (content.Count == 0) return null;
        var json = content.FirstOrDefault(c => IsJson(c.Key));
        if (json.Value is not null)
        {
            foreach (var other in content.Keys.Where(k => k != json.Key)) _notes.Add(pointer + "/content/" + OpenApiNotes.Escape(other), $"the {other} body is left out; the client sends {json.Key}.");
            var at = pointer + "/content/" + OpenApiNotes.Escape(json.Key) + "/schema";
            if (json.Key != "application/json") operation["body"] = new JsonObject { ["contentType"] = json.Key };
            if (json.Value.Schema is not { } schema) return new JsonObject();
            var resolved = OpenApiSchemaMapper.Resolve(schema);
            var (properties, _) = _schemas.ObjectParts(resolved, at);
            if (properties.Count > 0) return _schemas.Fields(resolved, at);
            var alternatives = (resolved.OneOf is { Count: > 0 } ? resolved.OneOf : resolved.AnyOf) ?? new List<IOpenApiSchema>();
            if (alternatives.Count > 0)
            {
                // One of several objects: one payload with every alternative's fields, none required.
                var merged = new JsonObject();
                for (var i = 0; i < alternatives.Count; i++)
                {
                    foreach (var (name, field) in _schemas.Fields(OpenApiSchemaMapper.Resolve(alternatives[i]), at + "/anyOf/" + i).ToList())
                    {
                        if (merged.ContainsKey(name)) continue;
                        field!.AsObject().Remove("required");
                        merged[name] = field.DeepClone();
                    }
                }
                if (merged.Count > 0)
                {
                    _notes.Add(at, "the body is one of several objects: the payload has every alternative's fields, none required; set those of one.");
                    return merged;
                }
            }
            _notes.Add(at, "the JSON body is not an object: the spec format's payload is an object's fields; the operation is imported without a body.");
            return null;
        }
        var form = content.FirstOrDefault(c => c.Key.StartsWith(FormData, StringComparison.OrdinalIgnoreCase));
        if (form.Value?.Schema is { } formSchema && _schemas.ObjectParts(OpenApiSchemaMapper.Resolve(formSchema), pointer).Properties.Count > 0)
        {
            // A file upload: each field a part (files as file parts, structured values as JSON text).
            foreach (var other in content.Keys.Where(k => k != form.Key)) _notes.Add(pointer + "/content/" + OpenApiNotes.Escape(other), $"the {other} body is left out; the client sends {FormData}.");
            operation["body"] = new JsonObject { ["contentType"] = FormData };
            return _schemas.Fields(OpenApiSchemaMapper.Resolve(formSchema), pointer + "/content/" + OpenApiNotes.Escape(form.Key) + "/schema");
        }
        var raw = content.FirstOrDefault(c => IsRaw(c.Key, c.Value));
        if (raw.Value is not null)
        {
            operation["body"] = new JsonObject { ["rawField"] = "body", ["rawContentType"] = raw.Key };
            return new JsonObject { ["body"] = new JsonObject { ["type"] = "string", ["format"] = "binary", ["required"] = true, ["description"] = OpenApiSchemaMapper.Text(body.Description) ?? "The request body." } };
        }
        _notes.Add(pointer, $"request bodies of {string.Join(", ", content.Keys)} are not in the spec format; the operation is imported without a body.");
        return null;
    }

    private const string FormData = "multipart/form-data";

    private static bool IsJson(string mediaType) => mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal) || mediaType.StartsWith("application/json;", StringComparison.Ordinal);

    private static bool IsRaw(string mediaType, IOpenApiMediaType media)
        => mediaType is "application/octet-stream" or "text/plain" || mediaType.StartsWith("image/", StringComparison.Ordinal) || mediaType.StartsWith("audio/", StringComparison.Ordinal)
           || mediaType.StartsWith("video/", StringComparison.Ordinal) || (media.Schema is { } s && OpenApiSchemaMapper.Resolve(s).Format == "binary" && !mediaType.StartsWith("multipart/", StringComparison.Ordinal));

    /// <summary>The first success response (JSON, binary, or the stream), and error responses as error bodies.</summary>
    private void Responses(OpenApiResponses? responses, string pointer, JsonObject operation, JsonObject? payload, string methodName, IOpenApiSchema? requestSchema)
    {
        var all = responses ?? new OpenApiResponses();
        var success = all.Where(r => IsSuccess(r.Key) && r.Value is not null).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        foreach (var (status, answer) in all)
        {
            if (IsSuccess(status) || answer is null) continue;
            ErrorResponse(status, answer, pointer + "/" + OpenApiNotes.Escape(status));
        }
        if (success.Count == 0)
        {
            _notes.Add(pointer, "no success response is documented; the client returns the body's bytes.");
            operation["response"] = new JsonObject { ["type"] = "binary", ["contentType"] = "*/*" };
            return;
        }
        var (code, chosen) = success[0];
        foreach (var other in success.Skip(1)) _notes.Add(pointer + "/" + other.Key, $"success status {other.Key} is read as {code} is (the spec format has one success body).");
        var at = pointer + "/" + code;
        var statuses = new JsonArray(success.Select(s => (JsonNode)JsonValue.Create(int.Parse(s.Key, CultureInfo.InvariantCulture))).ToArray());
        var description = OpenApiSchemaMapper.Text(chosen.Description);
        var content = (chosen.Content ?? new Dictionary<string, IOpenApiMediaType>()).Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value);
        var json = content.FirstOrDefault(c => IsJson(c.Key));
        var events = content.FirstOrDefault(c => c.Key.StartsWith("text/event-stream", StringComparison.Ordinal));
        JsonObject response;
        if (json.Value is not null) response = JsonResponse(json.Key, json.Value, at + "/content/" + OpenApiNotes.Escape(json.Key), methodName);
        else if (content.Count == 0) response = new JsonObject { ["type"] = "binary", ["contentType"] = "*/*" };
        else
        {
            // Bytes (an image, text/plain, the whole event stream): the client returns them as they are.
            var first = content.First().Key;
            response = new JsonObject { ["type"] = "binary", ["contentType"] = events.Value is not null ? "text/event-stream" : first };
            if (events.Value is not null) _notes.Add(at, "the operation only answers text/event-stream: {Op}StreamAsync reads its events; {Op}Async returns the stream's bytes.");
        }
        response["status"] = statuses;
        if (description is not null) response["description"] = description;
        operation["response"] = response;
        if (events.Value is not null && operation["body"]?["contentType"]?.GetValue<string>() == FormData)
        {
            _notes.Add(at + "/content/" + OpenApiNotes.Escape(events.Key), "a streamed answer to a multipart/form-data request is not in the spec format; {Op}Async returns the whole answer.");
        }
        else if (events.Value is not null) operation["stream"] = Stream(events.Value, at + "/content/" + OpenApiNotes.Escape(events.Key), payload, requestSchema);
    }

    private static bool IsSuccess(string status) => status.Length == 3 && status[0] == '2' && int.TryParse(status, out _);

    private JsonObject JsonResponse(string mediaType, IOpenApiMediaType media, string pointer, string methodName)
    {
        if (media.Schema is null) return new JsonObject { ["type"] = "binary", ["contentType"] = mediaType };
        var type = _schemas.Type(media.Schema, pointer + "/schema", definition: false, out var nullable);
        if (nullable) _notes.Add(pointer + "/schema", "the body may be null: read as an error when it is.");
        var kind = type["type"]?.GetValue<string>();
        if (type.ContainsKey("ref") || kind is "object" or "array")
        {
            if (mediaType != "application/json") type["contentType"] = mediaType;
            type.Remove("origin");
            // An inline body is {Op}Response (items {Op}ResponseItem); Qdrant also defines, say, FacetResponse itself.
            var inlineName = kind == "object" ? methodName + "Response" : kind == "array" && type["items"] is JsonObject { } items && items["type"]?.GetValue<string>() == "object" ? methodName + "ResponseItem" : null;
            if (inlineName is not null && _definitionNames.Contains(inlineName))
            {
                var target = kind == "object" ? type : (JsonObject)type["items"]!;
                target["typeName"] = inlineName + "Body";
                _notes.Add(pointer + "/schema", $"the inline body would be {inlineName}, which a component is called; generated as {inlineName}Body.");
            }
            return type;
        }
        _notes.Add(pointer + "/schema", $"the body is {(kind is "json" ? "any JSON" : "a JSON " + kind)}: the spec format's JSON response is an object or an array; the client returns its bytes ({mediaType}).");
        return new JsonObject { ["type"] = "binary", ["contentType"] = mediaType };
    }

    /// <summary>
    /// The operation's <c>x-toolkit-abstraction</c> extension (<c>chat-completion</c> or <c>embeddings</c>), which an
    /// overlay adds: OpenAPI cannot say that an operation has the shape of .NET's AI abstractions. Another value is a note.
    /// </summary>
    private string? Abstraction(OpenApiOperation operation, string pointer)
    {
        if (operation.Extensions is not { } extensions || !extensions.TryGetValue("x-toolkit-abstraction", out var extension)) return null;
        if (extension is JsonNodeExtension { Node: JsonValue value } && value.TryGetValue<string>(out var text) && text is "chat-completion" or "embeddings") return text;
        _notes.Add(pointer + "/x-toolkit-abstraction", "x-toolkit-abstraction is \"chat-completion\" or \"embeddings\"; the value given is ignored.");
        return null;
    }

    /// <summary>
    /// The streamed form: events of the event-stream schema. The request field that asks for it is a boolean
    /// <c>stream</c> of the payload when there is one; the end sentinel and error field come from the media type's
    /// <c>x-toolkit-stream</c> extension (OpenAPI does not say them; an overlay can).
    /// </summary>
    private JsonObject Stream(IOpenApiMediaType media, string pointer, JsonObject? payload, IOpenApiSchema? requestSchema)
    {
        var stream = new JsonObject();
        if (payload?["stream"] is JsonObject field && field["type"]?.GetValue<string>() == "boolean") stream["field"] = "stream";
        if (media.Extensions is { } extensions && extensions.TryGetValue("x-toolkit-stream", out var extension) && extension is JsonNodeExtension { Node: JsonObject settings })
        {
            foreach (var key in new[] { "sentinel", "errorField", "errorEvent" })
            {
                if (settings[key] is JsonValue v && v.TryGetValue<string>(out var text)) stream[key] = text;
            }
        }
        if (!stream.ContainsKey("sentinel") && requestSchema is not null && SaysDoneSentinel(requestSchema))
        {
            // OpenAI's chat and completions streams end with "data: [DONE]", which only the request's stream
            // options say in prose; without the sentinel the client would read "[DONE]" as an event and fail.
            stream["sentinel"] = DoneSentinel;
            _notes.Add(pointer, $"the request's stream fields say the stream ends with 'data: {DoneSentinel}': that is its sentinel.");
        }
        if (media.Schema is null)
        {
            stream["event"] = new JsonObject { ["type"] = "json" };
            return stream;
        }
        var type = _schemas.Type(media.Schema, pointer + "/schema", definition: false, out _);
        type.Remove("origin"); // an event's type is written without the keys only fields have
        type.Remove("format");
        stream["event"] = type;
        return stream;
    }

    private const string DoneSentinel = "[DONE]";

    /// <summary>
    /// Whether the descriptions of the request's <c>stream*</c> fields (and of the schemas they refer to, a few levels
    /// down) say that the stream ends with <c>data: [DONE]</c>: the document's own word, where OpenAPI has no key for it.
    /// </summary>
    private static bool SaysDoneSentinel(IOpenApiSchema requestSchema)
    {
        var seen = new HashSet<IOpenApiSchema>(ReferenceEqualityComparer.Instance);
        bool Says(IOpenApiSchema? schema, int depth)
        {
            if (schema is null || depth > 4) return false;
            schema = OpenApiSchemaMapper.Resolve(schema);
            if (!seen.Add(schema)) return false;
            if (schema.Description is { } text && text.Contains("data: " + DoneSentinel, StringComparison.Ordinal)) return true;
            return (schema.AllOf ?? Array.Empty<IOpenApiSchema>()).Concat(schema.AnyOf ?? Array.Empty<IOpenApiSchema>()).Concat(schema.OneOf ?? Array.Empty<IOpenApiSchema>())
                       .Any(s => Says(s, depth + 1))
                   || (schema.Properties ?? new Dictionary<string, IOpenApiSchema>()).Any(p => Says(p.Value, depth + 1));
        }
        bool StreamFields(IOpenApiSchema schema, int depth)
        {
            schema = OpenApiSchemaMapper.Resolve(schema);
            if (depth > 3) return false;
            return (schema.Properties ?? new Dictionary<string, IOpenApiSchema>()).Any(p => p.Key.StartsWith("stream", StringComparison.Ordinal) && Says(p.Value, 0))
                   || (schema.AllOf ?? Array.Empty<IOpenApiSchema>()).Any(s => StreamFields(s, depth + 1));
        }
        return StreamFields(requestSchema, 0);
    }

    private void ErrorResponse(string status, IOpenApiResponse response, string pointer)
    {
        if (!int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code < 400 || code > 599)
        {
            if (status != "default" && !status.StartsWith("1", StringComparison.Ordinal) && !status.StartsWith("3", StringComparison.Ordinal))
                _notes.Add(pointer, $"error responses under '{status}' are read as any error (the spec format documents error bodies by exact status).");
            return;
        }
        var json = (response.Content ?? new Dictionary<string, IOpenApiMediaType>()).FirstOrDefault(c => c.Value is not null && IsJson(c.Key));
        if (json.Value?.Schema is not { } schema)
        {
            if (!_errorBodies.ContainsKey(code)) _errorBodies[code] = (null!, pointer);
            return;
        }
        var type = _schemas.Type(schema, pointer + "/content/" + OpenApiNotes.Escape(json.Key) + "/schema", definition: false, out _);
        if (_errorBodies.TryGetValue(code, out var known) && known.Body is not null)
        {
            if (!JsonNode.DeepEquals(known.Body, type)) _notes.Add(pointer, $"status {code} has another body at {known.Pointer}; the first one is the documented {code} body.");
            return;
        }
        _errorBodies[code] = (type, pointer);
    }

    /// <summary>The error format: the statuses seen, their bodies, and the field that holds the message.</summary>
    private JsonObject? Errors()
    {
        if (_errorBodies.Count == 0) return null;
        var errors = new JsonObject
        {
            ["status"] = new JsonArray(_errorBodies.Keys.Select(k => (JsonNode)JsonValue.Create(k)).ToArray()),
        };
        string? messageField = null;
        var bodies = new JsonObject();
        foreach (var (code, (body, pointer)) in _errorBodies)
        {
            if (body is null) continue;
            var kind = body["type"]?.GetValue<string>();
            if (!body.ContainsKey("ref") && kind is not ("object" or "array" or "union"))
            {
                _notes.Add(pointer, $"the {code} body is {kind}; only its message is read.");
                continue;
            }
            bodies[code.ToString(CultureInfo.InvariantCulture)] = body.DeepClone();
            messageField ??= MessageField(body);
        }
        if (messageField is null)
        {
            _notes.Add("#/components/schemas", "no error body has a top-level string field for the message (error, message, detail); messages are read from 'error' when present.");
            messageField = "error";
        }
        errors["message"] = new JsonObject { ["field"] = messageField };
        if (bodies.Count > 0) errors["bodies"] = bodies;
        return errors;
    }

    /// <summary>The error body's message field: error, message, detail or title, if a top-level string.</summary>
    private string? MessageField(JsonObject body)
    {
        IOpenApiSchema? schema = null;
        if (body["ref"]?.GetValue<string>() is { } key && _document.Components?.Schemas?.TryGetValue(key, out var component) == true) schema = component;
        if (schema is null) return null;
        var (properties, _) = _schemas.ObjectParts(OpenApiSchemaMapper.Resolve(schema), "");
        foreach (var candidate in new[] { "error", "message", "detail", "title" })
        {
            if (properties.Any(p => p.Name == candidate && (OpenApiSchemaMapper.Resolve(p.Schema).Type & JsonSchemaType.String) != 0)) return candidate;
        }
        return null;
    }
}
