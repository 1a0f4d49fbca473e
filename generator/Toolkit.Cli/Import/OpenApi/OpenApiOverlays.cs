using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Toolkit.Cli.Import.OpenApi;

/// <summary>
/// OpenAPI Overlay 1.0: an ordered list of actions, each a JSONPath <c>target</c> with an <c>update</c> (merged into
/// every node the path selects: objects merged recursively, arrays appended) or <c>remove: true</c>. Applied to the
/// document before it is read, so a user's corrections survive the next upstream release. JSONPath is Json.NET's
/// (<c>SelectTokens</c>), not our own.
/// </summary>
internal static class OpenApiOverlays
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The OpenAPI Overlays beside a document that extend it (<c>*.overlay.json|yaml|yml</c> with <c>"overlay"</c> and an
    /// <c>extends</c> naming the document's file), in path order: every command reads the document as corrected.
    /// </summary>
    public static IReadOnlyList<string> Beside(string documentPath)
    {
        var full = Path.GetFullPath(documentPath);
        var folder = Path.GetDirectoryName(full)!;
        var result = new List<string>();
        foreach (var path in Directory.EnumerateFiles(folder).Where(p => p.EndsWith(".overlay.json", StringComparison.OrdinalIgnoreCase)
                     || p.EndsWith(".overlay.yaml", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".overlay.yml", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            try
            {
                if (OpenApiDocuments.Parse(path, OpenApiDocuments.ReadText(path)) is JsonObject o && o["overlay"] is not null
                    && o["extends"] is JsonValue e && e.TryGetValue<string>(out var extends)
                    && string.Equals(Path.GetFileName(extends.Split('?', '#')[0].Replace('\\', '/')), Path.GetFileName(full), StringComparison.Ordinal))
                {
                    result.Add(path);
                }
            }
            catch (OpenApiReadException)
            {
                // Not an overlay this document can use (or not one at all): it is someone else's.
            }
        }
        return result;
    }

    public static void Apply(JsonObject document, string overlayPath, OpenApiNotes notes)
    {
        var text = OpenApiDocuments.ReadText(overlayPath);
        if (OpenApiDocuments.Parse(overlayPath, text) is not JsonObject overlay || overlay["overlay"] is null)
        {
            throw new OpenApiReadException(overlayPath, 1, 1, "not an OpenAPI Overlay: an object with \"overlay\": \"1.0.0\" and \"actions\" is expected.");
        }
        if (overlay["actions"] is not JsonArray actions)
        {
            throw new OpenApiReadException(overlayPath, OpenApiDocuments.LineOf(text, overlayPath, "/overlay"), null, "the overlay has no \"actions\" array.");
        }
        // Json.NET evaluates JSONPath; the document goes there and back once per overlay.
        var root = JToken.Parse(document.ToJsonString());
        for (var i = 0; i < actions.Count; i++)
        {
            var at = $"/actions/{i}";
            if (actions[i] is not JsonObject action || action["target"] is not JsonValue targetNode || !targetNode.TryGetValue<string>(out var target))
            {
                throw new OpenApiReadException(overlayPath, OpenApiDocuments.LineOf(text, overlayPath, at), null, $"action {i} has no \"target\" (a JSONPath such as $.paths['/generate'].post).");
            }
            var remove = action["remove"] is JsonValue r && r.TryGetValue<bool>(out var flag) && flag;
            var update = action["update"];
            if (!remove && update is null)
            {
                throw new OpenApiReadException(overlayPath, OpenApiDocuments.LineOf(text, overlayPath, at), null, $"action {i} ({target}) has neither \"update\" nor \"remove\": true.");
            }
            JToken[] selected;
            try
            {
                // A filter's regular expression gets a time bound: /^(a|aa)+$/ on 40 characters backtracked for 48 s.
                selected = root.SelectTokens(target, new JsonSelectSettings { RegexMatchTimeout = RegexTimeout }).ToArray();
            }
            catch (JsonException e)
            {
                throw new OpenApiReadException(overlayPath, OpenApiDocuments.LineOf(text, overlayPath, at + "/target"), null, $"action {i}: '{target}' is not a JSONPath: {e.Message}");
            }
            catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                throw new OpenApiReadException(overlayPath, OpenApiDocuments.LineOf(text, overlayPath, at + "/target"), null,
                    $"action {i}: the regular expression in '{target}' ran past {RegexTimeout.TotalSeconds:0} s on one value; make it linear.");
            }
            catch (ArgumentException e)
            {
                throw new OpenApiReadException(overlayPath, OpenApiDocuments.LineOf(text, overlayPath, at + "/target"), null, $"action {i}: '{target}' is not a JSONPath: {e.Message}");
            }
            if (selected.Length == 0)
            {
                notes.Add(overlayPath + "#" + at, $"target {target} selects nothing in this document (the upstream document may have changed); the action did nothing.");
                continue;
            }
            foreach (var token in selected)
            {
                if (remove)
                {
                    // A token whose parent an earlier match removed ($..* selects both) is gone with it.
                    if (token.Parent is JProperty { Parent: not null } property) property.Remove();
                    else if (token.Parent is JArray) token.Remove();
                    continue;
                }
                if (token.Root != root) continue; // removed, or replaced, by an earlier match of this action
                var value = JToken.Parse(update!.ToJsonString());
                switch (token)
                {
                    case JObject o when value is JObject patch:
                        o.Merge(patch, new JsonMergeSettings { MergeArrayHandling = MergeArrayHandling.Concat, MergeNullValueHandling = MergeNullValueHandling.Merge });
                        break;
                    case JArray a:
                        if (value is JArray items) foreach (var item in items) a.Add(item);
                        else a.Add(value);
                        break;
                    default:
                        if (token == root) throw new OpenApiReadException(overlayPath, OpenApiDocuments.LineOf(text, overlayPath, at), null, $"action {i} replaces the whole document.");
                        token.Replace(value);
                        break;
                }
            }
        }
        var result = JsonNode.Parse(root.ToString(Formatting.None))!.AsObject();
        document.Clear();
        foreach (var (key, value) in result.ToList())
        {
            result.Remove(key);
            document[key] = value;
        }
    }
}
