using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Toolkit.Testing.Verification;
using GNode = Toolkit.Generator.Parsing.JsonNode;
using GObject = Toolkit.Generator.Parsing.JsonObject;
using GArray = Toolkit.Generator.Parsing.JsonArray;
using GString = Toolkit.Generator.Parsing.JsonString;
using GNumber = Toolkit.Generator.Parsing.JsonNumber;
using GKind = Toolkit.Generator.Parsing.JsonKind;

namespace Toolkit.Cli.Contracts;

/// <summary>
/// Proposes overlay actions that would make recorded answers conform (<c>toolkit verify --suggest-overlay</c>): a
/// field that is null becomes nullable, a required field that is missing becomes optional, a one-element array
/// where the spec says a value becomes a list of that value, and any other shape becomes the shape the recording
/// shows. Each action names its evidence (file, exchange, pointer). The user reviews and keeps them.
/// </summary>
internal sealed class OverlaySuggester
{
    /// <summary>The keys that say what a type is; the rest of a node (description, required, ...) stays when it is replaced.</summary>
    private static readonly HashSet<string> TypeKeys = new(StringComparer.Ordinal)
    {
        "type", "format", "items", "properties", "typeName", "values", "closed", "variants", "ref", "minimum", "maximum", "origin",
    };

    private readonly GObject _spec;
    private readonly bool _wholeApi;
    private readonly List<JsonObject> _actions = new();
    /// <summary>The actions each changed target got: a second recording of the same deviation adds its evidence to them.</summary>
    private readonly Dictionary<string, List<JsonObject>> _changed = new(StringComparer.Ordinal);

    public OverlaySuggester(GObject spec)
    {
        _spec = spec;
        _wholeApi = spec.Properties.Any(p => p.Name == "operations");
    }

    /// <summary>
    /// Adds the actions one exchange's violations call for. Violations whose pointer lies under one already
    /// handled (e.g. the fields of a value that was wrapped in an array) are its consequences and add nothing.
    /// </summary>
    public void Add(string file, int exchange, string operation, ReadOnlyMemory<byte> body, IEnumerable<ContractViolation> violations)
    {
        JsonElement root;
        if (!TryParse(body, out root))
        {
            // A stream: its events, as {"events": [...]}, the form of the verifier's pointers (/events/12/...).
            var events = Toolkit.Testing.Streams.RecordedEvents.Split(body);
            var list = new JsonArray();
            foreach (var (_, data) in events) list.Add(TryParse(data, out var e) ? System.Text.Json.Nodes.JsonNode.Parse(e.GetRawText()) : null);
            using var document = JsonDocument.Parse(new JsonObject { ["events"] = list }.ToJsonString());
            root = document.RootElement.Clone();
        }
        var handled = new List<string>();
        foreach (var v in violations.OrderBy(v => v.Pointer.Length).ThenBy(v => v.Pointer, StringComparer.Ordinal))
        {
            if (handled.Any(h => v.Pointer == h || v.Pointer.StartsWith(h + "/", StringComparison.Ordinal))) continue;
            if (v.Kind is not (ViolationKind.WrongType or ViolationKind.UnexpectedNull or ViolationKind.MissingField)) continue;
            var start = _wholeApi ? "/operations/" + Escape(operation) + "/response" : "/response";
            var pointer = v.Pointer;
            if (pointer.StartsWith("/events/", StringComparison.Ordinal))
            {
                // An event's value: described by the stream's event type, whatever the event's index.
                start = "/operations/" + Escape(operation) + "/stream/event";
                var rest = pointer.IndexOf('/', "/events/".Length);
                pointer = rest < 0 ? "" : pointer.Substring(rest);
            }
            var located = Locate(start, pointer);
            if (located is null) continue;
            var (target, node) = located.Value;
            var value = At(root, v.Pointer);
            var evidence = new JsonArray(new JsonObject { ["file"] = file, ["exchange"] = exchange, ["pointer"] = v.Pointer });
            switch (v.Kind)
            {
                case ViolationKind.UnexpectedNull:
                    Update(target, new JsonObject { ["nullable"] = true }, "The service sends null here, which the spec does not allow.", evidence);
                    break;
                case ViolationKind.MissingField:
                    Update(target, new JsonObject { ["required"] = false }, "The service leaves this field out, which the spec requires.", evidence);
                    break;
                case ViolationKind.WrongType when value is { ValueKind: JsonValueKind.Array } array && array.GetArrayLength() > 0 && !(v.Expected.Contains("array", StringComparison.Ordinal) || v.Expected.Contains("list", StringComparison.Ordinal)):
                    var listed = KeptKeys(node);
                    listed["type"] = "array";
                    listed["items"] = TypeOnly(node);
                    Replace(target, listed, $"The service answers a list of {v.Expected} here, where the spec says one.", evidence);
                    break;
                case ViolationKind.WrongType when value is { } actual:
                    var inferred = KeptKeys(node);
                    foreach (var (key, kind) in Infer(actual, NameFor(operation, v.Pointer))) inferred[key] = kind;
                    Replace(target, inferred, $"The service answers {v.Actual} here, where the spec says {v.Expected}; the shape is the recorded one.", evidence);
                    break;
                default:
                    continue;
            }
            handled.Add(v.Pointer);
        }
    }

    private static bool TryParse(ReadOnlyMemory<byte> bytes, out JsonElement root)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            root = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            root = default;
            return false;
        }
    }

    /// <summary>The overlay document, extending <paramref name="specFileName"/> (the overlay is meant to sit beside it).</summary>
    public string ToJson(string specFileName)
    {
        var overlay = new JsonObject
        {
            ["overlay"] = "1.0.0",
            ["info"] = new JsonObject { ["title"] = "Suggested by toolkit verify --suggest-overlay: review each action before keeping it." },
            ["extends"] = specFileName,
            ["actions"] = new JsonArray(_actions.Select(a => (System.Text.Json.Nodes.JsonNode)a).ToArray()),
        };
        return overlay.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    public int Count => _actions.Count;

    private bool Seen(string target, JsonArray evidence)
    {
        if (!_changed.TryGetValue(target, out var actions)) return false;
        foreach (var action in actions) ((JsonArray)action["evidence"]!).Add(evidence[0]!.DeepClone());
        return true;
    }

    private void Update(string target, JsonObject update, string reason, JsonArray evidence)
    {
        if (Seen(target, evidence)) return;
        var action = new JsonObject { ["target"] = target, ["update"] = update, ["reason"] = reason, ["evidence"] = evidence };
        _actions.Add(action);
        _changed[target] = new List<JsonObject> { action };
    }

    /// <summary>A replacement is two actions in overlay terms: remove the node, then set its key on the parent.</summary>
    private void Replace(string target, JsonObject value, string reason, JsonArray evidence)
    {
        if (Seen(target, evidence)) return;
        var cut = target.LastIndexOf('/');
        var parent = target.Substring(0, cut);
        var key = target.Substring(cut + 1).Replace("~1", "/").Replace("~0", "~");
        var remove = new JsonObject { ["target"] = target, ["remove"] = true, ["reason"] = reason, ["evidence"] = evidence.DeepClone() };
        var set = new JsonObject { ["target"] = parent, ["update"] = new JsonObject { [key] = value }, ["reason"] = reason, ["evidence"] = evidence };
        _actions.Add(remove);
        _actions.Add(set);
        _changed[target] = new List<JsonObject> { remove, set };
    }

    /// <summary>
    /// The spec node that describes the value at a body pointer, and its pointer in the spec: array items go through
    /// <c>items</c>, object fields through <c>properties</c>, references into <c>definitions</c>.
    /// </summary>
    private (string Target, GObject Node)? Locate(string start, string bodyPointer)
    {
        var target = start;
        var node = Resolve(start);
        foreach (var token in bodyPointer.Split('/').Skip(1).Select(t => t.Replace("~1", "/").Replace("~0", "~")))
        {
            if (node is null) return null;
            (target, node) = Dereference(target, node);
            var type = (Get(node, "type") as GString)?.Value;
            if (type is "array" or "map")
            {
                target += "/items";
                node = Get(node, "items") as GObject;
            }
            else if (type == "object" && Get(node, "properties") is GObject properties)
            {
                target += "/properties/" + Escape(token);
                node = Get(properties, token) as GObject;
            }
            else
            {
                return null;
            }
        }
        return node is null ? null : (target, node);
    }

    private (string, GObject) Dereference(string target, GObject node)
    {
        for (var hops = 0; hops < 32 && Get(node, "ref") is GString reference; hops++)
        {
            var definition = Resolve("/definitions/" + Escape(reference.Value));
            if (definition is null) break;
            (target, node) = ("/definitions/" + Escape(reference.Value), definition);
        }
        return (target, node);
    }

    private GObject? Resolve(string pointer)
    {
        GNode? node = _spec;
        foreach (var token in pointer.Split('/').Skip(1).Select(t => t.Replace("~1", "/").Replace("~0", "~")))
        {
            node = node is GObject o ? Get(o, token) : null;
        }
        return node as GObject;
    }

    private static GNode? Get(GObject node, string key) => node.Properties.LastOrDefault(p => p.Name == key)?.Value;

    private static JsonObject KeptKeys(GObject node)
    {
        var kept = new JsonObject();
        foreach (var p in node.Properties.Where(p => !TypeKeys.Contains(p.Name))) kept[p.Name] = ToJson(p.Value);
        return kept;
    }

    private static JsonObject TypeOnly(GObject node)
    {
        var type = new JsonObject();
        foreach (var p in node.Properties.Where(p => TypeKeys.Contains(p.Name) || p.Name == "description")) type[p.Name] = ToJson(p.Value);
        return type;
    }

    /// <summary>The spec type of a recorded value: objects with every field they have (required unless null), lists by their first item.</summary>
    private static IEnumerable<(string Key, System.Text.Json.Nodes.JsonNode Value)> Infer(JsonElement value, string typeName)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                yield return ("type", "object");
                yield return ("typeName", typeName);
                var properties = new JsonObject();
                foreach (var p in value.EnumerateObject())
                {
                    var field = new JsonObject();
                    foreach (var (k, v) in Infer(p.Value, typeName + Toolkit.Generator.Naming.Names.ToPascalCase(p.Name))) field[k] = v;
                    if (p.Value.ValueKind == JsonValueKind.Null) field["nullable"] = true;
                    else field["required"] = true;
                    properties[p.Name] = field;
                }
                yield return ("properties", properties);
                break;
            case JsonValueKind.Array:
                yield return ("type", "array");
                var items = new JsonObject();
                var first = value.EnumerateArray().FirstOrDefault();
                foreach (var (k, v) in Infer(first, typeName + "Item")) items[k] = v;
                yield return ("items", items);
                break;
            case JsonValueKind.String:
                yield return ("type", "string");
                break;
            case JsonValueKind.Number:
                yield return ("type", "number");
                break;
            case JsonValueKind.True or JsonValueKind.False:
                yield return ("type", "boolean");
                break;
            default:
                yield return ("type", "json"); // null, or an empty list's item: nothing says more
                break;
        }
    }

    private static string NameFor(string operation, string pointer)
        => Toolkit.Generator.Naming.Names.ToPascalCase(operation) + "Output" + string.Concat(pointer.Split('/').Skip(1)
            .Where(t => !t.All(char.IsDigit)).Select(Toolkit.Generator.Naming.Names.ToPascalCase));

    private static JsonElement? At(JsonElement root, string pointer)
    {
        var node = root;
        foreach (var token in pointer.Split('/').Skip(1).Select(t => t.Replace("~1", "/").Replace("~0", "~")))
        {
            if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty(token, out var child)) node = child;
            else if (node.ValueKind == JsonValueKind.Array && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < node.GetArrayLength()) node = node[i];
            else return null;
        }
        return node;
    }

    private static System.Text.Json.Nodes.JsonNode? ToJson(GNode node) => node switch
    {
        GObject o => new JsonObject(o.Properties.GroupBy(p => p.Name).Select(g => KeyValuePair.Create(g.Key, ToJson(g.Last().Value)))),
        GArray a => new JsonArray(a.Items.Select(ToJson).ToArray()),
        GString s => JsonValue.Create(s.Value),
        GNumber n => System.Text.Json.Nodes.JsonNode.Parse(n.Text),
        _ => node.Kind switch { GKind.True => JsonValue.Create(true), GKind.False => JsonValue.Create(false), _ => null },
    };

    private static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");
}
