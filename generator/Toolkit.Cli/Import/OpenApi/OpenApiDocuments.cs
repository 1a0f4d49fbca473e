using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Microsoft.OpenApi.YamlReader;

namespace Toolkit.Cli.Import.OpenApi;

/// <summary>A document that could not be read: the file, where (when known) and why.</summary>
internal sealed class OpenApiReadException(string file, int? line, int? column, string message) : Exception(message)
{
    public string File { get; } = file;
    public int? Line { get; } = line;
    public int? Column { get; } = column;

    /// <summary>The MSBuild/compiler form: <c>file(line,col): error TKO001: message</c>, which builds show as errors.</summary>
    public string ToCanonical(string code = "TKO001")
        => Line is { } l ? $"{File}({l},{Column ?? 1}): error {code}: {Message}" : $"{File}: error {code}: {Message}";
}

/// <summary>A read document: Microsoft.OpenApi's model, the (normalised, overlaid) JSON it was read from, and the notes so far.</summary>
internal sealed record OpenApiRead(OpenApiDocument Document, JsonObject Raw, OpenApiNotes Notes, string Text);

/// <summary>
/// Reads OpenAPI 3.0 and 3.1 documents (JSON or YAML) with Microsoft.OpenApi and its YAML reader; no OpenAPI or YAML
/// parsing of our own. Real documents break the rules (TGI says 3.0.3 and writes 3.1's numeric exclusiveMinimum, which
/// Microsoft.OpenApi's 3.0 reader refuses outright), so the text is first normalised to what it means
/// (<see cref="OpenApiNormalizer"/>, every change a note with its pointer), then OpenAPI Overlays are applied, then it is read.
/// </summary>
internal static class OpenApiDocuments
{
    /// <summary>Documents of whole cloud APIs run to several megabytes; beyond this a file is refused, not read.</summary>
    public const long MaxDocumentBytes = 64L * 1024 * 1024;

    /// <summary>Whether a file is an OpenAPI document (YAML, or JSON with a top-level "openapi" or "swagger" key), not one of our specs.</summary>
    public static bool IsOpenApi(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".yaml" or ".yml") return true;
        if (!File.Exists(path)) return false;
        try
        {
            if (new FileInfo(path).Length > MaxDocumentBytes) return false;
            var bytes = File.ReadAllBytes(path);
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            // The top level's keys until the first nested value: "openapi" comes first in practice.
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                if (reader.ValueTextEquals("openapi") || reader.ValueTextEquals("swagger")) return true;
                if (!reader.TrySkip()) return false;
            }
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
        }
        return false;
    }

    /// <summary>
    /// The line of a pointer in JSON nested deeper than the spec parser's 64 levels (a document refused for its depth
    /// is still told where): a token walk that keeps the path, up to the reader's own bound of 256 levels.
    /// </summary>
    private static int? DeepJsonLineOf(string text, string pointer)
    {
        var target = pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToList();
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 256, CommentHandling = JsonCommentHandling.Skip });
        var path = new List<string>();
        var indices = new Stack<int>(); // per open container: -1 for an object, else the next array index
        var best = 0L;
        var bestLength = -1;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (path.Count > indices.Count - 1 && path.Count > 0) path.RemoveAt(path.Count - 1);
                    path.Add(reader.GetString()!);
                }
                else
                {
                    if (indices.Count > 0 && indices.Peek() >= 0)
                    {
                        var index = indices.Pop();
                        if (path.Count > indices.Count) path.RemoveAt(path.Count - 1);
                        path.Add(index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        indices.Push(index + 1);
                    }
                    if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                    {
                        indices.Push(reader.TokenType == JsonTokenType.StartArray ? 0 : -1);
                        continue;
                    }
                    if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                    {
                        indices.Pop();
                        while (path.Count > indices.Count) path.RemoveAt(path.Count - 1);
                        continue;
                    }
                }
                // The deepest prefix of the pointer met so far, at its name (or item).
                var common = 0;
                while (common < path.Count && common < target.Count && path[common] == target[common]) common++;
                if (common == path.Count && common > bestLength)
                {
                    bestLength = common;
                    best = reader.TokenStartIndex;
                    if (common == target.Count) break;
                }
            }
        }
        catch (JsonException)
        {
            // What was found before the reader stopped still says where.
        }
        return bestLength < 0 ? null : 1 + bytes.AsSpan(0, (int)best).Count((byte)'\n');
    }

    private static int? YamlLineOf(string text, string pointer)
    {
        try
        {
            var yaml = new SharpYaml.Serialization.YamlStream();
            yaml.Load(new StringReader(text));
            if (yaml.Documents.Count == 0) return null;
            SharpYaml.Serialization.YamlNode node = yaml.Documents[0].RootNode;
            var line = node.Start.Line + 1;
            foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var token = raw.Replace("~1", "/").Replace("~0", "~");
                if (node is SharpYaml.Serialization.YamlMappingNode map
                    && map.Children.FirstOrDefault(c => c.Key is SharpYaml.Serialization.YamlScalarNode k && k.Value == token) is { Key: { } key, Value: { } value })
                {
                    line = key.Start.Line + 1;
                    node = value;
                }
                else if (node is SharpYaml.Serialization.YamlSequenceNode list && int.TryParse(token, out var index) && index >= 0 && index < list.Children.Count)
                {
                    node = list.Children[index];
                    line = node.Start.Line + 1;
                }
                else break;
            }
            return line;
        }
        catch (SharpYaml.YamlException)
        {
            return null;
        }
        catch (OpenApiReaderException)
        {
            return null;
        }
    }

    /// <summary>Reads, normalises and overlays a document; a document that cannot be read is an <see cref="OpenApiReadException"/>.</summary>
    public static OpenApiRead Read(string path, IReadOnlyList<string> overlays)
    {
        var notes = new OpenApiNotes();
        var text = ReadText(path);
        var root = Parse(path, text) as JsonObject ?? throw new OpenApiReadException(path, 1, 1, "an OpenAPI document is a JSON or YAML object.");
        if (root["swagger"] is not null) throw new OpenApiReadException(path, LineOf(text, path, "/swagger"), null, "Swagger 2.0 documents are not read; convert the document to OpenAPI 3 first.");
        if (root["openapi"] is not JsonValue version || !version.TryGetValue<string>(out var versionText) || !versionText.StartsWith("3.", StringComparison.Ordinal))
        {
            throw new OpenApiReadException(path, LineOf(text, path, "/openapi"), null, "not an OpenAPI 3.0 or 3.1 document: \"openapi\": \"3.x.y\" is missing.");
        }
        foreach (var overlay in overlays)
        {
            OpenApiOverlays.Apply(root, overlay, notes);
            if (root["openapi"] is not JsonValue after || !after.TryGetValue<string>(out var afterText) || !afterText.StartsWith("3.", StringComparison.Ordinal))
            {
                throw new OpenApiReadException(overlay, 1, 1, "after this overlay the document is no OpenAPI 3 document (its \"openapi\": \"3.x.y\" is gone): check its targets.");
            }
        }
        OpenApiNormalizer.Normalize(root, notes);
        OpenApiNormalizer.NoteExtensions(root, notes);

        var (document, errors) = ReadModel(root);
        if (document is null || errors.Count > 0)
        {
            // The reader refuses a node its version does not allow: read as 3.1 (a superset in practice) before giving up.
            var as31 = (JsonObject)root.DeepClone();
            as31["openapi"] = "3.1.0";
            var (retried, retryErrors) = ReadModel(as31);
            if (retried is not null && retryErrors.Count == 0)
            {
                notes.Add("#/openapi", $"the {versionText} reader refused the document ({string.Join("; ", errors.Select(e => e.Pointer + ": " + e.Message))}); read as 3.1.");
                return new OpenApiRead(retried, root, notes, text);
            }
            var first = errors.FirstOrDefault() ?? retryErrors.FirstOrDefault();
            throw new OpenApiReadException(path, first?.Pointer is { } p ? LineOf(text, path, p.TrimStart('#')) : null, null,
                "Microsoft.OpenApi cannot read the document: " + string.Join("; ", errors.Select(e => (e.Pointer is { Length: > 0 } ep ? ep + ": " : "") + e.Message)));
        }
        return new OpenApiRead(document, root, notes, text);
    }

    private static (OpenApiDocument? Document, IList<OpenApiError> Errors) ReadModel(JsonObject root)
    {
        // No network ($refs stay in the document) and none of the library's validation rules: we say what deviates ourselves.
        var settings = new OpenApiReaderSettings { LoadExternalRefs = false, RuleSet = ValidationRuleSet.GetEmptyRuleSet() };
        try
        {
            var result = new OpenApiJsonReader().Read(root.DeepClone(), new Uri("file:///openapi.json"), settings);
            return (result.Document, result.Diagnostic?.Errors ?? new List<OpenApiError>());
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            // The reader is a third party's: whatever it throws on a malformed document is that document's error, typed.
            var what = e is FormatException or OpenApiException or JsonException ? e.Message : $"{e.GetType().Name} in {e.TargetSite?.Name ?? "the reader"} ({e.Message})";
            return (null, new List<OpenApiError> { new(e is OpenApiReaderException r ? r.Pointer : "", what) });
        }
    }

    internal static string ReadText(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new OpenApiReadException(path, null, null, "the file does not exist.");
        if (info.Length > MaxDocumentBytes) throw new OpenApiReadException(path, null, null, $"the file is {info.Length} bytes; documents are read up to {MaxDocumentBytes} bytes.");
        return File.ReadAllText(path, Encoding.UTF8);
    }

    /// <summary>JSON or YAML text to a JSON tree (YAML through the YAML reader's own converter).</summary>
    internal static JsonNode? Parse(string path, string text)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".yaml" or ".yml" || (text.TrimStart().Length > 0 && text.TrimStart()[0] is not ('{' or '[')))
        {
            try
            {
                var yaml = new SharpYaml.Serialization.YamlStream();
                yaml.Load(new StringReader(text));
                if (yaml.Documents.Count == 0) throw new OpenApiReadException(path, 1, 1, "the YAML document is empty.");
                return YamlConverter.ToJsonNode(yaml.Documents[0]);
            }
            catch (SharpYaml.YamlException e)
            {
                throw new OpenApiReadException(path, e.Start.Line + 1, e.Start.Column + 1, "not valid YAML: " + e.Message);
            }
            catch (OpenApiReaderException e)
            {
                // The YAML reader's own bounds (an alias bomb expanding past its node limit): bad input, not a bug.
                throw new OpenApiReadException(path, null, null, "not valid YAML: " + e.Message);
            }
        }
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new OpenApiReadException(path, (int?)e.LineNumber + 1, (int?)e.BytePositionInLine + 1, "not valid JSON: " + e.Message);
        }
    }

    /// <summary>
    /// The 1-based line of a JSON Pointer in a document's text, JSON or YAML (the nearest node that is there when the
    /// pointer goes further; null when the text cannot be read).
    /// </summary>
    internal static int? LineOf(string text, string path, string pointer)
    {
        if (Path.GetExtension(path).ToLowerInvariant() is ".yaml" or ".yml" || (text.TrimStart().Length > 0 && text.TrimStart()[0] is not ('{' or '['))) return YamlLineOf(text, pointer);
        var sourceText = Microsoft.CodeAnalysis.Text.SourceText.From(text);
        var node = Generator.Parsing.JsonTextParser.TryParse(text, out _, out _);
        if (node is null) return DeepJsonLineOf(text, pointer); // deeper than the spec parser reads
        var span = node.Span;
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var token = raw.Replace("~1", "/").Replace("~0", "~");
            if (node is Generator.Parsing.JsonObject o && o.Properties.FirstOrDefault(p => p.Name == token) is { } property)
            {
                span = property.NameSpan;
                node = property.Value;
            }
            else if (node is Generator.Parsing.JsonArray a && int.TryParse(token, out var index) && index >= 0 && index < a.Items.Count)
            {
                node = a.Items[index];
                span = node.Span;
            }
            else break;
        }
        return sourceText.Lines.GetLinePosition(span.Start).Line + 1;
    }
}
