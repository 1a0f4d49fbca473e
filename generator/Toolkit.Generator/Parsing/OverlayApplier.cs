using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis;
using Toolkit.Generator.Diagnostics;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Parsing;

/// <summary>
/// Overlays: corrections to a spec kept in their own file (<c>*.overlay.json</c>), so that an imported spec can be
/// imported again without losing them. The idea of the OpenAPI Overlay 1.0 standard for this format: ordered actions,
/// each with a <c>target</c> (a JSON Pointer into the spec) and an <c>update</c> (merged into an object, replacing
/// anything else) or <c>remove</c>; each also says why (<c>reason</c>) and on what proof (<c>evidence</c>).
/// Applied to the spec's JSON before it is read, so every later stage (model, diff, semver check) sees the corrected spec.
/// </summary>
internal static class OverlayApplier
{
    /// <summary>How an overlay file's name ends; every other spec file is a spec.</summary>
    public const string FileSuffix = ".overlay.json";

    public static bool IsOverlay(string path) => path.EndsWith(FileSuffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads which spec an overlay extends (its <c>extends</c>, relative to the overlay, as a full path). When it
    /// cannot tell (not JSON, no <c>extends</c>), the overlay carries the problem instead, reported on its own.
    /// </summary>
    public static OverlayText Read(string overlayPath, string? text)
    {
        OverlayText Problem(DiagnosticDescriptor descriptor, TextSpan span, params string[] args)
        {
            var lines = text is null ? default : SourceText.From(text).Lines.GetLinePositionSpan(span);
            return new OverlayText(overlayPath, text, null, new DiagnosticInfo(descriptor, overlayPath, span, lines, args.ToEquatableArray()));
        }

        if (text is null) return Problem(DiagnosticDescriptors.InvalidJson, new TextSpan(0, 0), "the overlay could not be read");
        var root = JsonTextParser.TryParse(text, out var errorPosition, out var error);
        if (root is null) return Problem(DiagnosticDescriptors.InvalidJson, new TextSpan(errorPosition, errorPosition < text.Length ? 1 : 0), error!);
        var extends = (root as JsonObject)?.Properties.FirstOrDefault(p => p.Name == "extends")?.Value as JsonString;
        if (extends is null || extends.Value.Length == 0 || extends.Value.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return Problem(DiagnosticDescriptors.MissingKey, new TextSpan(0, 0), "The overlay", "extends", "the spec file it corrects, relative to the overlay, e.g. \"1.0.0.json\"");
        }
        try
        {
            return new OverlayText(overlayPath, text, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(overlayPath) ?? "", extends.Value)), null);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return Problem(DiagnosticDescriptors.InvalidValue, extends.Span, "extends", "the overlay", "a relative file path", "\"" + extends.Value + "\"");
        }
    }

    /// <summary>
    /// Applies one overlay to the spec's tree, in action order. Problems are reported through the parser at the
    /// overlay's own positions (its spans are shifted by <paramref name="offset"/>); a bad action changes nothing.
    /// </summary>
    public static void Apply(SpecParser parser, JsonObject spec, string text, int offset)
    {
        var root = JsonTextParser.TryParse(text, out var errorPosition, out var error, offset);
        if (root is null)
        {
            parser.Report(DiagnosticDescriptors.InvalidJson, new TextSpan(offset + errorPosition, 1), error!);
            return;
        }
        if (root is not JsonObject rootObject)
        {
            parser.ReportInvalid(root, "(root)", "the overlay", "an object");
            return;
        }
        var overlay = new SpecSection(parser, rootObject, "the overlay", "$schema", "overlay", "info", "extends", "actions");
        overlay.String("overlay", required: true, hint: "the overlay format's version, \"1.0.0\"");
        overlay.String("extends", required: true, hint: "the spec file it corrects, relative to the overlay");
        if (overlay.Get("actions") is not JsonArray actions)
        {
            if (overlay.Get("actions") is { } wrong) parser.ReportInvalid(wrong, "actions", "the overlay", "an array of actions");
            else overlay.ReportMissing("actions", "the list of corrections");
            return;
        }
        for (var i = 0; i < actions.Items.Count; i++)
        {
            if (actions.Items[i] is not JsonObject action)
            {
                parser.ReportInvalid(actions.Items[i], "actions[" + i + "]", "the overlay", "an object");
                continue;
            }
            ApplyAction(parser, spec, new SpecSection(parser, action, "overlay action " + i, "target", "description", "update", "remove", "reason", "evidence"), i);
        }
    }

    private static void ApplyAction(SpecParser parser, JsonObject spec, SpecSection action, int index)
    {
        void Fail(Microsoft.CodeAnalysis.Text.TextSpan span, string problem, string fix)
            => parser.Report(DiagnosticDescriptors.InvalidOverlay, span, index.ToString(System.Globalization.CultureInfo.InvariantCulture), problem, fix);

        var target = action.String("target", required: true, hint: "a JSON Pointer into the spec, e.g. \"/operations/translate/response\"");
        action.String("reason", required: true, hint: "why the spec is wrong here, e.g. what the service answers instead");
        CheckEvidence(parser, action);
        var update = action.Get("update");
        var remove = action.Bool("remove") == true;
        if (target is null) return;
        if (update is not null && remove)
        {
            Fail(action.KeySpan("remove"), "it both updates and removes its target", "Split it into two actions.");
            return;
        }
        if (update is null && !remove)
        {
            Fail(action.Node.Span, "it neither updates nor removes its target", "Add \"update\" or \"remove\": true.");
            return;
        }

        var targetSpan = action.Get("target")!.Span;
        if (!Resolve(spec, target, out var parent, out var node, out var problem))
        {
            Fail(targetSpan, $"the target '{target}' is not in the spec: {problem}", "Point it at an existing key or item.");
            return;
        }
        if (remove)
        {
            if (parent is null)
            {
                Fail(targetSpan, "the whole spec cannot be removed", "Target a key or item inside it.");
                return;
            }
            Detach(parent, node);
            return;
        }
        if (node is JsonObject targetObject)
        {
            if (update is not JsonObject updateObject)
            {
                Fail(update!.Span, $"the target '{target}' is an object, so its update must be an object to merge, not {update.Describe()}",
                    "Wrap the change in the keys it sets, or target the key itself to replace its value.");
                return;
            }
            Merge(targetObject, updateObject);
            return;
        }
        if (parent is null) return;
        Replace(parent, node, update!);
    }

    /// <summary>
    /// Evidence is a recording (<c>file</c>, <c>exchange</c>, <c>in</c>, <c>pointer</c>) or a reference client's source
    /// (<c>repository</c> owner/name, <c>commit</c>, <c>path</c>, <c>line</c>): the code that parses the service's real
    /// answer is proof of it too. Either may have a <c>note</c>; one item is one kind.
    /// </summary>
    private static void CheckEvidence(SpecParser parser, SpecSection action)
    {
        var evidence = action.Get("evidence");
        if (evidence is null) return;
        const string Shapes = "{\"file\", \"pointer\"} (a recording) or {\"repository\", \"commit\", \"path\", \"line\"} (a reference client's source)";
        if (evidence is not JsonArray items)
        {
            parser.ReportInvalid(evidence, "evidence", action.What, "an array of " + Shapes);
            return;
        }
        foreach (var item in items.Items)
        {
            if (item is not JsonObject proof)
            {
                parser.ReportInvalid(item, "evidence", action.What, "an object, " + Shapes);
                continue;
            }
            var source = proof.Properties.Any(p => p.Name is "repository" or "commit" or "path" or "line");
            if (source) CheckSource(parser, new SpecSection(parser, proof, "source evidence of " + action.What, "repository", "commit", "path", "line", "note"));
            else CheckRecording(parser, new SpecSection(parser, proof, "evidence of " + action.What, "file", "exchange", "in", "pointer", "note"));
        }
    }

    private static void CheckRecording(SpecParser parser, SpecSection section)
    {
        if (section.String("in") is { } part && part is not ("request" or "response"))
        {
            parser.ReportInvalid(section.Get("in")!, "in", section.What, "\"request\" or \"response\" (the default)");
        }
        section.String("file", required: true, hint: "the recording that shows it");
        section.String("pointer", required: true, hint: "a JSON Pointer into the recorded response body (or request body, with \"in\": \"request\")");
        if (section.Get("exchange") is { } exchange && exchange is not JsonNumber { IsInteger: true, Value: >= 0 }) parser.ReportInvalid(exchange, "exchange", section.What, "the exchange's index");
        section.String("note");
    }

    private static void CheckSource(SpecParser parser, SpecSection section)
    {
        var repository = section.String("repository", required: true, hint: "the reference client's repository as owner/name, e.g. \"huggingface/huggingface_hub\"");
        if (repository is not null && !IsRepository(repository)) parser.ReportInvalid(section.Get("repository")!, "repository", section.What, "owner/name, e.g. \"huggingface/huggingface.js\"");
        var commit = section.String("commit", required: true, hint: "the commit the lines are quoted from, its full 40-digit hash");
        if (commit is not null && (commit.Length != 40 || !commit.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f')))
        {
            parser.ReportInvalid(section.Get("commit")!, "commit", section.What, "a full commit hash: 40 lowercase hex digits (a branch moves; a commit does not)");
        }
        var path = section.String("path", required: true, hint: "the file's path in the repository, e.g. \"src/huggingface_hub/inference/_client.py\"");
        if (path is not null && (path.Length == 0 || path.StartsWith("/", StringComparison.Ordinal) || path.Split('/').Any(p => p is ".." or "")))
        {
            parser.ReportInvalid(section.Get("path")!, "path", section.What, "a relative path inside the repository");
        }
        switch (section.Get("line"))
        {
            case null:
                section.ReportMissing("line", "the line the proof is on (the first, for several)");
                break;
            case JsonNumber { IsInteger: true, Value: >= 1 }:
                break;
            case var line:
                parser.ReportInvalid(line, "line", section.What, "a line number, 1 or more");
                break;
        }
        section.String("note");
    }

    private static bool IsRepository(string text)
    {
        var parts = text.Split('/');
        return parts.Length == 2 && parts.All(p => p.Length > 0 && p != "." && p != ".." && p.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.'));
    }

    /// <summary>Walks an RFC 6901 JSON Pointer; the parent is null for the root.</summary>
    private static bool Resolve(JsonObject root, string pointer, out JsonNode? parent, out JsonNode node, out string problem)
    {
        parent = null;
        node = root;
        problem = "";
        if (pointer.Length == 0) return true;
        if (pointer[0] != '/')
        {
            problem = "a JSON Pointer starts with '/'";
            return false;
        }
        var at = "";
        foreach (var raw in pointer.Substring(1).Split('/'))
        {
            var key = raw.Replace("~1", "/").Replace("~0", "~");
            JsonNode? next = null;
            if (node is JsonObject obj)
            {
                next = obj.Properties.LastOrDefault(p => p.Name == key)?.Value;
                if (next is null)
                {
                    problem = $"{(at.Length == 0 ? "the spec" : at)} has no key '{key}'" + Keys(obj);
                    return false;
                }
            }
            else if (node is JsonArray array)
            {
                if (!int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) || i >= array.Items.Count)
                {
                    problem = $"{at} has {array.Items.Count} item(s); '{key}' is not one of their indexes";
                    return false;
                }
                next = array.Items[i];
            }
            else
            {
                problem = $"{at} is {node.Describe()}, which has no '{key}'";
                return false;
            }
            parent = node;
            node = next;
            at += "/" + raw;
        }
        return true;
    }

    private static string Keys(JsonObject obj)
    {
        var keys = obj.Properties.Select(p => p.Name).Distinct().Take(12).ToList();
        return keys.Count == 0 ? "" : " (it has " + string.Join(", ", keys) + (obj.Properties.Count > 12 ? ", ..." : "") + ")";
    }

    private static void Detach(JsonNode parent, JsonNode node)
    {
        if (parent is JsonObject obj) obj.Properties.RemoveAll(p => ReferenceEquals(p.Value, node));
        else if (parent is JsonArray array) array.Items.RemoveAll(n => ReferenceEquals(n, node));
    }

    private static void Replace(JsonNode parent, JsonNode node, JsonNode value)
    {
        if (parent is JsonObject obj)
        {
            var i = obj.Properties.FindIndex(p => ReferenceEquals(p.Value, node));
            obj.Properties[i] = new JsonProperty(obj.Properties[i].Name, obj.Properties[i].NameSpan, value);
        }
        else if (parent is JsonArray array)
        {
            array.Items[array.Items.FindIndex(n => ReferenceEquals(n, node))] = value;
        }
    }

    /// <summary>Overlay 1.0's update: objects merge key by key, recursively; any other value replaces what was there.</summary>
    private static void Merge(JsonObject target, JsonObject update)
    {
        foreach (var property in update.Properties)
        {
            var i = target.Properties.FindLastIndex(p => p.Name == property.Name);
            if (i < 0) target.Properties.Add(property);
            else if (target.Properties[i].Value is JsonObject inner && property.Value is JsonObject change) Merge(inner, change);
            else target.Properties[i] = new JsonProperty(property.Name, target.Properties[i].NameSpan, property.Value);
        }
    }
}
