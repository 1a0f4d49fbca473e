using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Toolkit.Generator.Diagnostics;
using Toolkit.Generator.Naming;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Parsing;

/// <summary>
/// Spec text to <see cref="Result{SpecModel}"/>: the model when the spec is valid, and every problem found as
/// a diagnostic at its line and column. It never throws on input; only a bug reaches the caller's catch.
/// </summary>
internal sealed partial class SpecParser
{
    /// <summary>Whether a spec version is a semantic version (what TK0003 checks; the OpenAPI importer asks the same).</summary>
    internal static bool IsSemVer(string version) => SemVer.IsMatch(version);

    private static readonly Regex SemVer = new(
        @"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$",
        RegexOptions.CultureInvariant);


    private static readonly string[] HttpMethods = { "GET", "POST", "PUT", "PATCH", "DELETE" };

    private readonly string _path;
    private readonly string? _namespaceOverride;
    private readonly SourceText _text;
    private readonly SpecSources _sources;
    private readonly EquatableArray<OverlayText> _overlays;
    private readonly CancellationToken _cancellationToken;
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly List<ObjectTypeSpec> _objects = new();
    private readonly List<EnumTypeSpec> _enums = new();
    private readonly Dictionary<string, EnumTypeSpec> _enumsByName = new(StringComparer.Ordinal);

    /// <summary>The spec's named types by definition key, declared before any is parsed.</summary>
    private readonly Dictionary<string, TypeRef> _definitions = new(StringComparer.Ordinal);

    private EquatableArray<SpecSpan> _spans = EquatableArray<SpecSpan>.Empty;
    private readonly List<UnionTypeSpec> _unions = new();

    /// <summary>
    /// Every generated type name, with what claimed it, to report clashes. Case-insensitive: each type is a file
    /// whose hint name Roslyn compares ignoring case (and file systems may too).
    /// </summary>
    private readonly Dictionary<string, string> _typeNames = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Default type names that fields of a definition itself will claim (see ParseFields).</summary>
    private readonly HashSet<string> _rootFieldTypeNames = new(StringComparer.OrdinalIgnoreCase);

    private string _prefix = "Spec";

    private SpecParser(string path, SourceText text, string? namespaceOverride, EquatableArray<OverlayText> overlays, CancellationToken cancellationToken)
    {
        _namespaceOverride = namespaceOverride;
        _path = path;
        _text = text;
        _sources = new SpecSources(path, text);
        _overlays = overlays;
        _cancellationToken = cancellationToken;
    }

    public static Result<SpecModel> Parse(string path, string? text, string? namespaceOverride, CancellationToken cancellationToken)
        => Parse(new SpecInput(new SpecText(path, text, namespaceOverride), EquatableArray<OverlayText>.Empty), cancellationToken);

    /// <summary>Parses a spec with the overlays that extend it, applied in order before the spec is read.</summary>
    public static Result<SpecModel> Parse(SpecInput input, CancellationToken cancellationToken)
    {
        var (path, text, namespaceOverride) = (input.Spec.Path, input.Spec.Text, input.Spec.NamespaceOverride);
        if (text is null)
        {
            var unreadable = new SpecParser(path, SourceText.From(string.Empty), null, EquatableArray<OverlayText>.Empty, cancellationToken);
            unreadable.Report(DiagnosticDescriptors.InvalidJson, new TextSpan(0, 0), "the file could not be read");
            return new Result<SpecModel>(null, unreadable._diagnostics.ToEquatableArray());
        }
        return Parse(path, SourceText.From(text), namespaceOverride, input.Overlays, cancellationToken);
    }

    public static Result<SpecModel> Parse(string path, SourceText text, string? namespaceOverride, CancellationToken cancellationToken)
        => Parse(path, text, namespaceOverride, EquatableArray<OverlayText>.Empty, cancellationToken);

    private static Result<SpecModel> Parse(string path, SourceText text, string? namespaceOverride, EquatableArray<OverlayText> overlays, CancellationToken cancellationToken)
    {
        var parser = new SpecParser(path, text, namespaceOverride, overlays, cancellationToken);
        SpecModel? model;
        try
        {
            model = parser.ParseDocument();
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e)
        {
            // A bug must surface as a diagnostic, never as CS8785 that breaks the whole compilation.
            parser.Report(DiagnosticDescriptors.InternalError, new TextSpan(0, 0), e.GetType().Name + ": " + e.Message);
            model = null;
        }
        var diagnostics = parser._diagnostics.ToEquatableArray();
        return new Result<SpecModel>(diagnostics.IsEmpty ? model : null, diagnostics);
    }

    internal void Report(DiagnosticDescriptor descriptor, TextSpan span, params string[] args)
    {
        var (path, local, lines) = _sources.Locate(span);
        _diagnostics.Add(new DiagnosticInfo(descriptor, path, local, lines, args.ToEquatableArray()));
    }

    internal void ReportInvalid(JsonNode node, string key, string what, string expected)
        => Report(DiagnosticDescriptors.InvalidValue, node.Span, key, what, expected, Found(node));

    private static string Found(JsonNode node) => node switch
    {
        JsonString s => "\"" + (s.Value.Length > 40 ? s.Value.Substring(0, 40) + "..." : s.Value) + "\"",
        JsonNumber n => n.Text,
        _ => node.Describe(),
    };

    /// <summary>
    /// The spec's JSON with its overlays applied, and where each node's text is: what tools that propose changes to
    /// a spec (e.g. overlay suggestions) read, so they see the spec exactly as the generator does. Null with the
    /// diagnostics when the spec or an overlay is broken.
    /// </summary>
    internal static (JsonObject? Root, SpecSources Sources, EquatableArray<DiagnosticInfo> Diagnostics) ReadTree(SpecInput input)
    {
        var parser = new SpecParser(input.Spec.Path, SourceText.From(input.Spec.Text ?? ""), null, input.Overlays, CancellationToken.None);
        var root = parser.ReadDocument();
        return (parser._diagnostics.Count == 0 ? root : null, parser._sources, parser._diagnostics.ToEquatableArray());
    }

    private JsonObject? ReadDocument()
    {
        var root = JsonTextParser.TryParse(_text.ToString(), out var errorPosition, out var error);
        if (root is null)
        {
            Report(DiagnosticDescriptors.InvalidJson, new TextSpan(errorPosition, errorPosition < _text.Length ? 1 : 0), error!);
            return null;
        }
        if (root is not JsonObject rootObject)
        {
            Report(DiagnosticDescriptors.InvalidValue, root.Span, "(root)", "the spec", "an object", root.Describe());
            return null;
        }

        foreach (var overlay in _overlays)
        {
            if (overlay.Text is null) continue; // reported with the overlay itself
            var overlayText = SourceText.From(overlay.Text);
            OverlayApplier.Apply(this, rootObject, overlay.Text, _sources.Add(overlay.Path, overlayText));
        }
        return rootObject;
    }

    private SpecModel? ParseDocument()
    {
        var rootObject = ReadDocument();
        // A broken overlay leaves the spec as it was; reading it anyway would report its errors twice.
        if (rootObject is null || _diagnostics.Count > 0) return null;

        _spans = Spans(rootObject);

        // An OpenAPI document listed as a spec: the build imports those (ToolkitOpenApi); say so instead of 40 unknown keys.
        if (rootObject.Properties.FirstOrDefault(p => p.Name is "openapi" or "swagger") is { } openApi)
        {
            Report(DiagnosticDescriptors.OpenApiDocumentAsSpec, openApi.NameSpan, openApi.Name);
            return null;
        }

        // Format 2 (a whole API) is told apart by its operations; everything else is format 1: one operation, read into
        // the same model (a whole API of one operation) with the names it always had.
        if (rootObject.Properties.Any(p => p.Name == "operations")) return ParseWholeApi(rootObject);

        var spec = new SpecSection(this, rootObject, "the spec",
            "$schema", "name", "version", "description", "namespace", "operation", "request", "payload", "headers", "response", "errors", "definitions");
        var (name, version, description, ns) = ParseIdentity(spec);
        var operation = spec.String("operation", required: true, hint: "the operation's name, e.g. \"segment\" for SegmentAsync");
        string? methodName = null;
        if (operation is not null)
        {
            methodName = Names.ToPascalCase(operation);
            if (!Names.IsValidIdentifier(methodName))
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, spec.Get("operation")!.Span, operation, "'operation'", methodName,
                    "Use a verb made of letters and digits, e.g. \"segment\".");
            }
        }

        ClaimFixedTypeNames();
        ParseDefinitions(spec.Object("definitions"));

        var requestTypeName = Names.RequestType(_prefix);
        Claim(requestTypeName, "the request type", spec.KeySpan("payload"), "payload");

        var payloadNode = spec.Object("payload", required: true, hint: "the request fields, e.g. { \"inputs\": { \"type\": \"string\" } }");
        ObjectTypeSpec? payload = null;
        if (payloadNode is not null)
        {
            payload = ParseFields(payloadNode, "payload", requestTypeName, "The request payload.");
            _objects.Insert(0, payload);
        }

        var headers = ParseHeaders(spec.Get("headers"));
        var requestNode = spec.Object("request", required: true, hint: "{ \"method\": \"POST\", \"path\": \"/\", \"baseUrl\": \"https://...\" }");
        var request = requestNode is null ? null : ParseRequest(requestNode, payload);

        var responseNode = spec.Object("response", required: true, hint: "the success body, e.g. { \"type\": \"array\", \"items\": { ... } }");
        var response = responseNode is null ? null : ParseResponse(responseNode);

        var errorsNode = spec.Object("errors");
        var errors = errorsNode is null ? null : ParseErrors(errorsNode, headers);
        _cancellationToken.ThrowIfCancellationRequested();

        if (name is null || version is null || ns is null || request is null || response is null)
        {
            return null;
        }
        // Format 1: one operation; its path parameters are client options, its entry points keep their v1 names, and
        // its keys sit at the root (method, path and baseUrl in 'request').
        var requestKeys = new[] { "request" }.ToEquatableArray();
        var operationSpec = new OperationSpec(operation!, methodName ?? "Send", null, request.Method, request.Path, PathTemplates.Segments(request.Path),
            requestTypeName, request.JsonContentType, request.RawField, request.RawContentType, request.PathParameters,
            EquatableArray<QueryParameterSpec>.Empty, response, Names.SingleOperation(_prefix),
            Location: EquatableArray<string>.Empty, RequestLocation: requestKeys);
        var api = new ApiSpec(request.BaseUrl, EquatableArray<ServerSpec>.Empty, headers.ToEquatableArray(), request.PathParameters, new[] { "request", "baseUrl" }.ToEquatableArray());
        return new SpecModel(_path, Sha256Hex(_text.ToString()), name, version, description, ns, _prefix, api,
            new[] { operationSpec }.ToEquatableArray(), errors, _objects.ToEquatableArray(), _enums.ToEquatableArray(), _unions.ToEquatableArray(), _spans);
    }

    /// <summary>Where every key of the document is, by its path of keys (arrays are not entered: locations name keys).</summary>
    private EquatableArray<SpecSpan> Spans(JsonObject root)
    {
        var spans = new List<SpecSpan>();
        var pending = new Stack<(JsonObject Node, string Prefix)>();
        pending.Push((root, ""));
        while (pending.Count > 0)
        {
            var (node, prefix) = pending.Pop();
            foreach (var property in node.Properties)
            {
                var path = prefix.Length == 0 ? property.Name : prefix + SpecSpan.Separator + property.Name;
                var (file, local, lines) = _sources.Locate(property.NameSpan);
                spans.Add(new SpecSpan(path, local, lines, file));
                if (property.Value is JsonObject child) pending.Push((child, path));
            }
        }
        return spans.ToEquatableArray();
    }

    /// <summary>name, version, description and namespace: the same in both formats. Sets the type prefix.</summary>
    private (string? Name, string? Version, string? Description, string? Namespace) ParseIdentity(SpecSection spec)
    {
        var name = spec.String("name", required: true, hint: "the API's name, e.g. \"image-segmentation\"");
        var version = spec.String("version", required: true, hint: "a semantic version, e.g. \"1.0.0\"");
        var description = spec.String("description");
        var ns = spec.String("namespace", required: true, hint: "the C# namespace of the generated types, e.g. \"HuggingFace.Inference\"");
        spec.String("$schema");
        if (version is not null && !IsSemVer(version))
        {
            Report(DiagnosticDescriptors.InvalidVersion, spec.Get("version")!.Span, version);
        }
        if (_namespaceOverride is not null)
        {
            if (Names.IsValidNamespace(_namespaceOverride))
            {
                ns = _namespaceOverride;
            }
            else
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, new TextSpan(0, 0), _namespaceOverride, "the ToolkitNamespace item metadata", _namespaceOverride,
                    "Use dot-separated C# identifiers, e.g. \"MyApp.Api.V2\".");
            }
        }
        else if (ns is not null && !Names.IsValidNamespace(ns))
        {
            Report(DiagnosticDescriptors.InvalidIdentifier, spec.Get("namespace")!.Span, ns, "'namespace'", ns,
                "Use dot-separated C# identifiers, e.g. \"HuggingFace.Inference\".");
        }
        if (name is not null)
        {
            _prefix = Names.ToPascalCase(name);
            if (!Names.IsValidIdentifier(_prefix))
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, spec.Get("name")!.Span, name, "'name'", _prefix,
                    "Start the name with a letter, e.g. \"image-segmentation\".");
                _prefix = "Spec";
            }
        }
        return (name, version, description, ns);
    }

    /// <summary>An absolute http or https URL, or null (reported) when it is not one.</summary>
    private string? CheckUrl(string? url, SpecSection section, string key)
    {
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https")))
        {
            ReportInvalid(section.Get(key)!, key, section.What, "an absolute http or https URL");
            return null;
        }
        return url;
    }

    /// <summary>How the request body is sent: JSON content type, and the binary field that may go as the raw body.</summary>
    private (string JsonContentType, string? RawField, string RawContentType) ParseBody(JsonObject? node, string what, ObjectTypeSpec? payload)
    {
        string jsonContentType = "application/json", rawContentType = "application/octet-stream";
        string? rawField = null;
        if (node is null) return (jsonContentType, rawField, rawContentType);
        var body = new SpecSection(this, node, what, "contentType", "rawField", "rawContentType");
        jsonContentType = body.String("contentType") ?? jsonContentType;
        rawContentType = body.String("rawContentType") ?? rawContentType;
        rawField = body.String("rawField");
        if (rawField is not null && payload is not null)
        {
            var field = payload.Fields.FirstOrDefault(f => f.WireName == rawField);
            if (field is null || field.Type.Kind != ValueKind.Binary)
            {
                Report(DiagnosticDescriptors.InvalidReference, body.Get("rawField")!.Span,
                    field is null
                        ? $"'rawField' names '{rawField}', which is not a top-level payload field"
                        : $"'rawField' names '{rawField}', which is not binary",
                    "The raw body field must be a payload field of type \"string\" with \"format\": \"binary\".");
                rawField = null;
            }
        }
        return (jsonContentType, rawField, rawContentType);
    }

    /// <summary>The parts of a format-1 <c>request</c> section.</summary>
    private sealed record RequestParts(string Method, string Path, string BaseUrl, string JsonContentType, string? RawField, string RawContentType,
        EquatableArray<PathParameterSpec> PathParameters);

    private static string Sha256Hex(string text)
    {
        using var sha = System.Security.Cryptography.SHA256.Create();
        var hash = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(text));
        var sb = new System.Text.StringBuilder(hash.Length * 2);
        foreach (var b in hash) sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>The spec-wide generated types; a spec type named like one of them would not compile.</summary>
    private void ClaimFixedTypeNames()
    {
        foreach (var (name, what) in Names.SpecWideTypes(_prefix)) _typeNames[name] = what;
    }

    /// <summary>Records a generated type name; false (with a diagnostic) when something already has it.</summary>
    private bool Claim(string typeName, string what, TextSpan span, string overrideKey)
    {
        if (_typeNames.TryGetValue(typeName, out var owner))
        {
            var existing = _typeNames.Keys.First(k => string.Equals(k, typeName, StringComparison.OrdinalIgnoreCase));
            Report(DiagnosticDescriptors.DuplicateName, span, what, typeName,
                existing == typeName ? owner : owner + " (as '" + existing + "'; generated file names ignore case)", overrideKey);
            return false;
        }
        _typeNames.Add(typeName, what);
        return true;
    }

    private RequestParts? ParseRequest(JsonObject node, ObjectTypeSpec? payload)
    {
        var request = new SpecSection(this, node, "'request'", "method", "path", "baseUrl", "pathParameters", "body");
        var method = request.String("method", required: true, hint: "the HTTP method, e.g. \"POST\"");
        var path = request.String("path", required: true, hint: "the path template, e.g. \"/models/{model}\"");
        var baseUrl = request.String("baseUrl", required: true, hint: "the default base URL, e.g. \"https://api.example.com\"");

        if (method is not null && !HttpMethods.Contains(method))
        {
            ReportInvalid(request.Get("method")!, "method", "'request'", "one of " + string.Join(", ", HttpMethods));
            method = null;
        }
        baseUrl = CheckUrl(baseUrl, request, "baseUrl");

        var pathParameters = ParsePathParameters(request.Object("pathParameters"));
        if (path is not null)
        {
            CheckPathTemplate(path, request.Get("path")!, pathParameters);
        }

        var (jsonContentType, rawField, rawContentType) = ParseBody(request.Object("body"), "'request.body'", payload);

        if (method is null || path is null || baseUrl is null)
        {
            return null;
        }
        return new RequestParts(method, path, baseUrl, jsonContentType, rawField, rawContentType, pathParameters.Select(p => p.Spec).ToEquatableArray());
    }

    private List<(PathParameterSpec Spec, TextSpan Span)> ParsePathParameters(JsonObject? node)
    {
        var result = new List<(PathParameterSpec, TextSpan)>();
        if (node is null) return result;
        var section = new SpecSection(this, node, "'request.pathParameters'", node.Properties.Select(p => p.Name).ToArray());
        var names = new HashSet<string>(StringComparer.Ordinal) { "BaseAddress", "Token", "LoadingRetry", "ValidateResponses", "Limits", "DefaultBaseAddress" };
        foreach (var property in node.Properties)
        {
            if (section.Get(property.Name) != property.Value) continue; // a duplicate, already reported
            if (property.Value is not JsonObject paramNode)
            {
                ReportInvalid(property.Value, property.Name, "'request.pathParameters'", "an object");
                continue;
            }
            var what = $"path parameter '{property.Name}'";
            var param = new SpecSection(this, paramNode, what, "description", "default", "allowSlashes", "property");
            var propertyName = MemberName(property.Name, param, what, property.NameSpan);
            if (propertyName is null) continue;
            if (!names.Add(propertyName))
            {
                Report(DiagnosticDescriptors.DuplicateName, property.NameSpan, what, propertyName, "another client option", "property");
                continue;
            }
            result.Add((new PathParameterSpec(property.Name, propertyName, null, param.String("description"), param.String("default"),
                param.Bool("allowSlashes") ?? false), property.NameSpan));
        }
        return result;
    }

    private void CheckPathTemplate(string path, JsonNode pathNode, List<(PathParameterSpec Spec, TextSpan Span)> parameters)
    {
        if (!path.StartsWith("/", StringComparison.Ordinal) || path.IndexOf('?') >= 0 || path.IndexOf('#') >= 0)
        {
            ReportInvalid(pathNode, "path", "'request'", "a path starting with '/' without query or fragment");
            return;
        }
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in PathTemplates.Parameters(path))
        {
            used.Add(name);
            if (!parameters.Any(p => p.Spec.Name == name))
            {
                Report(DiagnosticDescriptors.InvalidReference, pathNode.Span,
                    $"The path template uses '{{{name}}}', which 'request.pathParameters' does not define",
                    $"Add \"{name}\": {{ \"description\": \"...\" }} to 'request.pathParameters'.");
            }
        }
        if (!PathTemplates.IsBalanced(path))
        {
            ReportInvalid(pathNode, "path", "'request'", "balanced {name} placeholders");
        }
        foreach (var (spec, span) in parameters)
        {
            if (!used.Contains(spec.Name))
            {
                Report(DiagnosticDescriptors.InvalidReference, span,
                    $"Path parameter '{spec.Name}' is not used in the path template '{path}'",
                    "Remove it or add {" + spec.Name + "} to 'request.path'.");
            }
        }
    }

    private List<HeaderSpec> ParseHeaders(JsonNode? node)
    {
        var result = new List<HeaderSpec>();
        if (node is null) return result;
        if (node is not JsonObject headersNode)
        {
            ReportInvalid(node, "headers", "the spec", "an object of headers by name");
            return result;
        }
        var section = new SpecSection(this, headersNode, "'headers'", headersNode.Properties.Select(p => p.Name).ToArray());
        var clientNames = new HashSet<string>(StringComparer.Ordinal) { "BaseAddress", "LoadingRetry", "ValidateResponses", "Limits", "DefaultBaseAddress" };
        var requestNames = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in headersNode.Properties)
        {
            if (section.Get(property.Name) != property.Value) continue;
            var what = $"header '{property.Name}'";
            if (!seen.Add(property.Name))
            {
                // HTTP header names are case-insensitive.
                Report(DiagnosticDescriptors.DuplicateKey, property.NameSpan, property.Name, "'headers' (header names ignore case)");
                continue;
            }
            if (property.Value is not JsonObject headerNode)
            {
                ReportInvalid(property.Value, property.Name, "'headers'", "an object");
                continue;
            }
            if (!IsHttpToken(property.Name))
            {
                Report(DiagnosticDescriptors.InvalidValue, property.NameSpan, property.Name, "'headers'",
                    "an HTTP header name (letters, digits and !#$%&'*+-.^_`|~)", "a name with other characters");
                continue;
            }
            var header = new SpecSection(this, headerNode, what, "type", "description", "default", "scope", "auth", "required", "property");
            var typeName = header.String("type", required: true, hint: "string, boolean, number or integer");
            TypeRef? type = typeName switch
            {
                null => null,
                "string" => TypeRef.String,
                "boolean" => TypeRef.Boolean,
                "number" => new TypeRef(ValueKind.Number),
                "integer" => IntegerFormats.Type(null),
                _ => null,
            };
            if (typeName is not null && type is null)
            {
                Report(DiagnosticDescriptors.UnknownType, header.Get("type")!.Span, typeName, what + " (headers take string, boolean, number or integer)");
            }
            var scopeText = header.String("scope", required: true, hint: "\"client\" (set once in the client options) or \"request\" (per call)");
            HeaderScope? scope = scopeText switch
            {
                "client" => HeaderScope.Client,
                "request" => HeaderScope.Request,
                null => null,
                _ => null,
            };
            if (scopeText is not null && scope is null)
            {
                ReportInvalid(header.Get("scope")!, "scope", what, "\"client\" or \"request\"");
            }
            var auth = header.String("auth");
            var bearer = auth == "bearer";
            if (auth is not null && !bearer)
            {
                ReportInvalid(header.Get("auth")!, "auth", what, "\"bearer\"");
            }
            if (bearer && type is not null && type.Kind != ValueKind.String)
            {
                ReportInvalid(header.Get("type")!, "type", what, "\"string\" for a bearer token");
            }
            var defaultNode = header.Get("default");
            if (defaultNode is not null && type is not null) CheckDefault(defaultNode, type, null, what);

            var derived = bearer ? "Token" : Names.HeaderBaseName(property.Name);
            var propertyName = MemberName(derived, header, what, property.NameSpan);
            if (propertyName is null || type is null || scope is null) continue;
            var names = scope == HeaderScope.Client ? clientNames : requestNames;
            if (!names.Add(propertyName))
            {
                Report(DiagnosticDescriptors.DuplicateName, property.NameSpan, what, propertyName, "another option", "property");
                continue;
            }
            result.Add(new HeaderSpec(property.Name, propertyName, type, scope.Value, bearer, header.Bool("required") ?? false,
                header.String("description"), defaultNode is null ? null : _sources.TextOf(defaultNode.Span)));
        }
        return result;
    }

    /// <summary>An RFC 9110 token: what a header name may be. Anything else could split or forge headers on the wire.</summary>
    internal static bool IsHttpToken(string name)
        => name.Length > 0 && name.All(c => c < 0x7f && (char.IsLetterOrDigit(c) || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0));


    private ResponseSpec? ParseResponse(JsonObject node)
    {
        var response = new SpecSection(this, node, "'response'",
            "status", "contentType", "description", "type", "items", "properties", "typeName", "ref", "single");
        var statuses = response.StatusList("status") ?? new List<int> { 200 };
        var contentType = response.String("contentType") ?? "application/json";
        var description = response.String("description");
        // "single": the service wraps its one answer in a one-element array; only an array can be unwrapped.
        var single = response.Bool("single") ?? false;
        if (single && (response.Has("ref") || response.Get("type") is not JsonString { Value: "array" }))
        {
            var found = response.Has("ref") ? "a reference to a definition (an object or union, not an array)" : "a response of type " + (response.Get("type") is JsonString t ? "'" + t.Value + "'" : "unknown");
            Report(DiagnosticDescriptors.SingleWithoutArray, response.KeySpan("single"), found);
            single = false;
        }
        if (response.Has("ref"))
        {
            var named = ParseType(response, "'response'", Names.ResponseType(_prefix), description);
            if (named is null) return null;
            if (named.Kind == ValueKind.Enum)
            {
                ReportInvalid(response.Get("ref")!, "ref", "'response'", "an object or union definition (a response body is not a bare enum)");
                return null;
            }
            return new ResponseSpec(statuses.ToEquatableArray(), contentType, description, named);
        }
        var typeName = response.String("type", required: true, hint: "\"array\", \"object\", \"binary\", or a \"ref\" to a definition");
        if (typeName is null) return null;
        if (typeName == "binary")
        {
            // Raw bytes (an image, audio): the body is the value; its media type may be a range such as image/*.
            foreach (var key in new[] { "items", "properties", "typeName" })
            {
                if (response.Has(key)) Report(DiagnosticDescriptors.UnknownKey, response.KeySpan(key), key, "'response'", "A binary response has no JSON shape.");
            }
            if (!response.Has("contentType"))
            {
                response.ReportMissing("contentType", "the media type of the bytes, e.g. \"image/png\" or \"image/*\"");
                return null;
            }
            return new ResponseSpec(statuses.ToEquatableArray(), contentType, description, new TypeRef(ValueKind.Binary));
        }
        if (typeName != "array" && typeName != "object")
        {
            ReportInvalid(response.Get("type")!, "type", "'response'", "\"array\", \"object\" or \"binary\"");
            return null;
        }
        var defaultName = Names.ResponseType(_prefix); // array items get {Prefix}ResponseItem
        var type = ParseType(response, "response", defaultName, description);
        return type is null ? null : new ResponseSpec(statuses.ToEquatableArray(), contentType, description, type, single);
    }

    private ErrorSpec? ParseErrors(JsonObject node, List<HeaderSpec> headers)
    {
        var errors = new SpecSection(this, node, "'errors'", "status", "description", "message", "estimatedTime", "requestIdHeader", "loading", "bodies");
        var statuses = errors.StatusList("status") ?? new List<int>();
        var description = errors.String("description");
        string? messageField = null, estimatedField = null;
        var message = errors.Object("message", required: true, hint: "{ \"field\": \"error\" }: the field holding the message or list of messages");
        if (message is not null)
        {
            var m = new SpecSection(this, message, "'errors.message'", "field", "description");
            messageField = m.String("field", required: true, hint: "the JSON field name, e.g. \"error\"");
            m.String("description");
        }
        var estimated = errors.Object("estimatedTime");
        if (estimated is not null)
        {
            var e = new SpecSection(this, estimated, "'errors.estimatedTime'", "field", "description");
            estimatedField = e.String("field", required: true, hint: "the JSON field name holding seconds, e.g. \"estimated_time\"");
            e.String("description");
        }
        var requestIdHeader = errors.String("requestIdHeader");
        int? loadingStatus = null;
        string? retryHeader = null;
        var loading = errors.Object("loading");
        if (loading is not null)
        {
            var l = new SpecSection(this, loading, "'errors.loading'", "status", "retryHeader");
            loadingStatus = l.Status("status");
            if (loadingStatus is null && !l.Has("status")) l.ReportMissing("status", "the status that means \"not ready yet\", e.g. 503");
            retryHeader = l.String("retryHeader");
            if (retryHeader is not null
                && !headers.Any(h => string.Equals(h.Name, retryHeader, StringComparison.OrdinalIgnoreCase)
                                     && h.Scope == HeaderScope.Request && h.Type.Kind == ValueKind.Boolean))
            {
                Report(DiagnosticDescriptors.InvalidReference, l.Get("retryHeader")!.Span,
                    $"'retryHeader' names '{retryHeader}', which is not a boolean request header in 'headers'",
                    "Declare it in 'headers' with \"type\": \"boolean\" and \"scope\": \"request\".");
                retryHeader = null;
            }
        }
        var bodies = ParseErrorBodies(errors.Object("bodies"));
        return messageField is null
            ? null
            : new ErrorSpec(statuses.ToEquatableArray(), description, messageField, estimatedField, requestIdHeader, loadingStatus, retryHeader, bodies);
    }

    /// <summary>
    /// <c>errors.bodies</c>: the body an error status documents, by status (<c>"422": { "type": "object", ... }</c> or a
    /// <c>ref</c>). The client reads such an answer into that type as well as into the error messages.
    /// </summary>
    private EquatableArray<ErrorBodySpec> ParseErrorBodies(JsonObject? node)
    {
        if (node is null) return EquatableArray<ErrorBodySpec>.Empty;
        var section = new SpecSection(this, node, "'errors.bodies'", node.Properties.Select(p => p.Name).ToArray());
        var result = new List<ErrorBodySpec>();
        foreach (var property in node.Properties)
        {
            if (section.Get(property.Name) != property.Value) continue;
            var what = $"the error body of status {property.Name}";
            if (!int.TryParse(property.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 400 || status > 599)
            {
                Report(DiagnosticDescriptors.InvalidValue, property.NameSpan, property.Name, "'errors.bodies'", "an error status between 400 and 599", "\"" + property.Name + "\"");
                continue;
            }
            if (property.Value is not JsonObject bodyNode)
            {
                ReportInvalid(property.Value, property.Name, "'errors.bodies'", "an object describing the body's type");
                continue;
            }
            var body = new SpecSection(this, bodyNode, what, FieldKeys.Where(k => k is not ("required" or "nullable" or "default" or "minimum" or "maximum" or "property")).ToArray());
            var type = ParseType(body, what, Names.ErrorBodyTypeName(_prefix, status), body.String("description"));
            if (type is null) continue;
            if (type.Kind is not (ValueKind.Object or ValueKind.Union or ValueKind.Array or ValueKind.Map or ValueKind.Json))
            {
                ReportInvalid(bodyNode, "type", what, "an object, union, array, map or json (a JSON error body)");
                continue;
            }
            result.Add(new ErrorBodySpec(status, type, Names.ErrorBodyReader(status)));
        }
        return result.ToEquatableArray();
    }

    /// <summary>The C# member name for a spec item: its "property" override, else PascalCase of its name.</summary>
    private string? MemberName(string name, SpecSection section, string what, TextSpan nameSpan)
    {
        var explicitName = section.String("property");
        var candidate = explicitName ?? Names.MemberName(name);
        if (Names.IsValidIdentifier(candidate)) return candidate;
        if (explicitName is not null)
        {
            Report(DiagnosticDescriptors.InvalidIdentifier, section.Get("property")!.Span, explicitName, what, candidate,
                "Use letters and digits, starting with a letter.");
        }
        else
        {
            Report(DiagnosticDescriptors.InvalidIdentifier, nameSpan, name, what, candidate,
                "Set \"property\" to a valid C# name.");
        }
        return null;
    }

    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
