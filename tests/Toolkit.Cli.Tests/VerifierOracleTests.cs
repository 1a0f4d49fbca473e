using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using Toolkit.Cli.Specs;
using Toolkit.Testing.Contracts;
using Toolkit.Runtime.Tests.Infrastructure;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Import;
using Toolkit.Testing.Routing;
using Toolkit.Testing.Verification;
using Xunit;

namespace Toolkit.Cli.Tests;

/// <summary>
/// The oracle test: the contract verifier against an independent JSON Schema validator (JsonSchema.Net, which shares
/// no code with it) over the same schemas the spec compiles to, on every recording in ../shared. They must agree
/// recording by recording and exchange by exchange: the verdict, and each fault's JSON Pointer and kind.
/// </summary>
public sealed class VerifierOracleTests
{
    private static string Inference => Path.Combine(SharedData.RepoRoot, "specs", "huggingface", "inference", "1.0.0.json");

    private static readonly Lazy<string> RawInference = new(() =>
    {
        // The spec as imported, without the overlay beside it: the deviations the real service shows.
        var folder = Directory.CreateTempSubdirectory("toolkit-oracle-raw-").FullName;
        var copy = Path.Combine(folder, "1.0.0.json");
        File.Copy(Inference, copy);
        return copy;
    });

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.Hierarchical, RequireFormatValidation = true };

    /// <summary>The kinds that judge a body against its schema (the rest judge the generated client, masks, status and headers).</summary>
    private static readonly HashSet<string> SchemaKinds = new(StringComparer.Ordinal)
    {
        "missing-field", "wrong-type", "unexpected-null", "not-in-enum", "out-of-range", "malformed-json", "undocumented-status",
    };

    /// <summary>The operation each recording was made to (file names say; the service picks the task from the model).</summary>
    internal static string OperationOf(string path)
    {
        if (Path.GetFileName(Path.GetDirectoryName(path)) == "hf-inference") return "image-segmentation";
        var name = Path.GetFileNameWithoutExtension(path);
        foreach (var (prefix, operation) in new[]
        {
            ("chat_completion", "chat-completion"), ("tgi_generate", "text-generation"), ("feature_extraction", "feature-extraction"),
            ("text_to_image", "text-to-image"), ("translation", "translation"), ("zero_shot_classification", "zero-shot-classification"),
        })
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return operation;
        }
        return name.Replace('_', '-');
    }

    public static IEnumerable<object[]> Recordings()
    {
        var root = SharedData.Root is null ? null : Path.Combine(SharedData.Root, "recorded");
        if (root is null || !Directory.Exists(root)) return new[] { new object[] { "(absent)" } };
        return Directory.GetFiles(root, "*.json", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal).Select(f => new object[] { f });
    }

    [TasksTheory]
    [MemberData(nameof(Recordings))]
    public void TheVerifierAgreesWithAnIndependentValidator(string recording)
    {
        var path = Path.Combine(SharedData.Root!, "recorded", recording);
        var specs = new List<string> { Inference, RawInference.Value };
        if (recording.StartsWith("hf-inference" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            specs.Add(Path.Combine(SharedData.RepoRoot, "specs", "huggingface", "image-segmentation", "1.0.0.json"));
            specs.Add(Path.Combine(SharedData.RepoRoot, "specs", "huggingface", "image-segmentation", "2.0.0.json"));
        }
        var cassette = ExchangeFileImporter.Import(File.ReadAllBytes(path), path);
        var checkedExchanges = 0;
        foreach (var spec in specs)
        {
            var (operations, errors) = SpecCompiler.CompileOperations(spec);
            Assert.True(operations is not null, string.Join("\n", errors));
            var operation = operations!.Count == 1 ? null : OperationOf(path);
            var report = new ContractVerifier(operations, operation: operation).Verify(cassette, path);
            var router = new OperationRouter(operations);
            for (var i = 0; i < cassette.Exchanges.Count; i++)
            {
                var route = router.Route(cassette.Exchanges[i].Request, operation);
                if (route.Kind != RouteKind.Routed) continue;
                checkedExchanges++;
                var expected = Oracle(route.Contract!, cassette.Exchanges[i].Response).Order().ToList();
                var all = report.Violations.Where(v => v.Exchange == i).ToList();
                var actual = all.Where(v => SchemaKinds.Contains(v.KindName)).Select(v => v.KindName + " " + v.Pointer).Distinct().Order().ToList();
                var where = $"{recording} exchanges[{i}] ({route.Contract!.OperationName}) against {Path.GetFileName(Path.GetDirectoryName(spec))}/{Path.GetFileName(spec)}";
                Assert.True(expected.SequenceEqual(actual), $"{where}:\n  oracle:   {string.Join(", ", expected)}\n  verifier: {string.Join(", ", actual)}");
                // Same verdict: whatever else the verifier reports (masks, the generated reader) has a schema fault behind it or none at all.
                Assert.True(expected.Count > 0 || all.Count == 0, $"{where}: the schema holds but the verifier reports {string.Join(", ", all.Select(v => v.KindName + " " + v.Pointer))}");
            }
        }
        if (!recording.Contains("(absent)", StringComparison.Ordinal)) Assert.True(checkedExchanges > 0, recording + ": no exchange routed");
    }

    /// <summary>
    /// The same agreement on bodies the service never sent: every recorded JSON answer with one value at a time made
    /// null, another type, a fraction, or removed (up to 24 places each, spread over the body).
    /// </summary>
    [TasksTheory]
    [MemberData(nameof(Recordings))]
    public void TheyAgreeOnEveryMutationOfTheRecordedAnswers(string recording)
    {
        var path = Path.Combine(SharedData.Root!, "recorded", recording);
        var cassette = ExchangeFileImporter.Import(File.ReadAllBytes(path), path);
        var (operations, errors) = SpecCompiler.CompileOperations(Inference);
        Assert.True(operations is not null, string.Join("\n", errors));
        var router = new OperationRouter(operations!);
        var mutated = 0;
        foreach (var exchange in cassette.Exchanges)
        {
            var route = router.Route(exchange.Request, OperationOf(path));
            if (route.Kind != RouteKind.Routed || exchange.Response.Body is not { } body || Toolkit.Testing.Streams.RecordedEvents.IsEventStream(exchange.Response)) continue;
            System.Text.Json.Nodes.JsonNode? node;
            try
            {
                node = System.Text.Json.Nodes.JsonNode.Parse(body.Bytes.Span);
            }
            catch (JsonException)
            {
                continue; // not JSON (an image)
            }
            foreach (var (what, text) in Mutations(node))
            {
                mutated++;
                AssertAgree(route.Contract!, exchange with { Response = exchange.Response with { Body = RecordedBody.FromText(text) } }, recording + " " + what);
            }
        }
        if (!recording.Contains("(absent)", StringComparison.Ordinal) && cassette.Exchanges.Any(e => !e.Request.Url.Contains("/api/models/", StringComparison.Ordinal) && e.Response.Status < 300
            && !Toolkit.Testing.Streams.RecordedEvents.IsEventStream(e.Response) && e.Response.Headers.Any(h => h.Value.Contains("json", StringComparison.Ordinal))))
        {
            Assert.True(mutated > 0, recording + ": nothing mutated");
        }
    }

    /// <summary>Every feature the spec format has (unions, maps, nullable enums and numbers, masks), on a hand-written answer and its mutations.</summary>
    [Fact]
    public void TheyAgreeOnEveryFeatureOfTheFormat()
    {
        var spec = Path.Combine(SharedData.RepoRoot, "tests", "Toolkit.Runtime.Tests", "Specs", "kitchen-sink.json");
        var (operations, errors) = SpecCompiler.CompileOperations(spec);
        Assert.True(operations is not null, string.Join("\n", errors));
        var contract = Assert.Single(operations!);
        const string Answer = """
            {"scores":[{"label":"a","score":0.5,"kind":"good","grade":"b"},{"label":"b","score":1}],"count":null,
             "metadata":{"x":[1,{"y":null}],"z":"w"},"answer":"yes","done":true,"masks":[]}
            """;
        var exchange = new RecordedExchange(new RecordedRequest("PUT", "http://localhost:8080/base/v2/items/i/classify", new Dictionary<string, string>(), null),
            new RecordedResponse(200, new Dictionary<string, string> { ["Content-Type"] = "application/json" }, RecordedBody.FromText(Answer)));
        AssertAgree(contract, exchange, "as written");
        var count = 0;
        foreach (var (what, text) in Mutations(System.Text.Json.Nodes.JsonNode.Parse(Answer), places: 1000))
        {
            count++;
            AssertAgree(contract, exchange with { Response = exchange.Response with { Body = RecordedBody.FromText(text) } }, what);
        }
        Assert.True(count > 100, count + " mutations");
    }

    /// <summary>The schema faults the verifier reports for one exchange are the oracle's, pointer and kind.</summary>
    private static void AssertAgree(IApiContract contract, RecordedExchange exchange, string what)
    {
        var cassette = new Cassette();
        cassette.Exchanges.Add(exchange with { Operation = contract.OperationName });
        var report = new ContractVerifier(new[] { contract }, operation: contract.OperationName).Verify(cassette, "mutation");
        var expected = Oracle(contract, exchange.Response).Distinct().Order().ToList();
        var actual = report.Violations.Where(v => SchemaKinds.Contains(v.KindName)).Select(v => v.KindName + " " + v.Pointer).Distinct().Order().ToList();
        Assert.True(expected.SequenceEqual(actual), $"{contract.OperationName} {what}:\n  oracle:   {string.Join(", ", expected)}\n  verifier: {string.Join(", ", actual)}\n  body: {Shorten(Encoding.UTF8.GetString(exchange.Response.Body!.Bytes.Span))}");
    }

    private static string Shorten(string text) => text.Length > 400 ? text[..400] + "..." : text;

    /// <summary>One change at a time, at up to <paramref name="places"/> places spread over the document: null, a string, a fraction, true, {}, [] and, for members, removal.</summary>
    private static IEnumerable<(string What, string Json)> Mutations(System.Text.Json.Nodes.JsonNode? root, int places = 24)
    {
        var all = new List<string>();
        void Collect(System.Text.Json.Nodes.JsonNode? node, string pointer)
        {
            all.Add(pointer);
            if (node is System.Text.Json.Nodes.JsonObject o) foreach (var (k, v) in o) Collect(v, pointer + "/" + k.Replace("~", "~0").Replace("/", "~1"));
            else if (node is System.Text.Json.Nodes.JsonArray a) for (var i = 0; i < a.Count; i++) Collect(a[i], pointer + "/" + i);
        }
        Collect(root, "");
        var step = Math.Max(1, all.Count / places);
        var replacements = new[] { "null", "\"text\"", "1.5", "2.0", "-1", "true", "{}", "[]" };
        for (var i = 0; i < all.Count; i += step)
        {
            foreach (var replacement in replacements.Append(null))
            {
                if (replacement is null && all[i].Length == 0) continue;
                var copy = root?.DeepClone();
                if (!Replace(ref copy, all[i], replacement)) continue;
                yield return ($"{all[i]} := {replacement ?? "(removed)"}", copy?.ToJsonString() ?? "null");
            }
        }
    }

    private static bool Replace(ref System.Text.Json.Nodes.JsonNode? root, string pointer, string? replacement)
    {
        var value = replacement is null ? null : System.Text.Json.Nodes.JsonNode.Parse(replacement);
        if (pointer.Length == 0)
        {
            root = value;
            return true;
        }
        var segments = pointer.Split('/').Skip(1).Select(s => s.Replace("~1", "/").Replace("~0", "~")).ToList();
        var parent = root;
        foreach (var segment in segments.SkipLast(1)) parent = parent is System.Text.Json.Nodes.JsonObject o ? o[segment] : parent![int.Parse(segment)];
        var last = segments[^1];
        switch (parent)
        {
            case System.Text.Json.Nodes.JsonObject o when replacement is null:
                o.Remove(last);
                return true;
            case System.Text.Json.Nodes.JsonObject o:
                o[last] = value;
                return true;
            case System.Text.Json.Nodes.JsonArray a when replacement is not null:
                a[int.Parse(last)] = value;
                return true;
            default:
                return false;
        }
    }

    /// <summary>What the schemas say of a recorded response: "kind pointer" for every fault, found by JsonSchema.Net.</summary>
    private static List<string> Oracle(IApiContract contract, RecordedResponse response)
    {
        var faults = new List<string>();
        var body = response.Body?.Bytes.ToArray() ?? Array.Empty<byte>();
        if (contract.SuccessStatuses.Contains(response.Status))
        {
            if (IsEventStream(response) && contract.StreamEventJsonSchema is { } eventSchema)
            {
                var schema = JsonSchema.FromText(eventSchema);
                var events = Events(body);
                for (var i = 0; i < events.Count; i++)
                {
                    if (events[i] == contract.StreamSentinel) break;
                    Evaluate(schema, Encoding.UTF8.GetBytes(events[i]), "/events/" + i, faults);
                }
                return faults;
            }
            if (contract.ResponseJsonSchema is { } responseSchema) Evaluate(JsonSchema.FromText(responseSchema), body, "", faults);
            return faults;
        }
        if (contract.ErrorStatuses.Contains(response.Status))
        {
            if (contract.ErrorJsonSchema is { } errorSchema) Evaluate(JsonSchema.FromText(errorSchema), body, "", faults);
            return faults;
        }
        faults.Add("undocumented-status ");
        return faults;
    }

    /// <summary>
    /// Validates with JsonSchema.Net. The verifier reports one fault per value: a value of the wrong type is that and
    /// nothing more, though its enum or bounds fail as well; the oracle's output is read the same way.
    /// </summary>
    private static void Evaluate(JsonSchema schema, byte[] json, string prefix, List<string> faults)
    {
        var own = new List<string>();
        EvaluateAll(schema, json, prefix, own);
        var typed = own.Where(f => f.StartsWith("wrong-type ", StringComparison.Ordinal) || f.StartsWith("unexpected-null ", StringComparison.Ordinal))
            .Select(f => f[(f.IndexOf(' ') + 1)..]).ToHashSet(StringComparer.Ordinal);
        faults.AddRange(own.Where(f => !(f.StartsWith("not-in-enum ", StringComparison.Ordinal) || f.StartsWith("out-of-range ", StringComparison.Ordinal)) || !typed.Contains(f[(f.IndexOf(' ') + 1)..])));
    }

    private static void EvaluateAll(JsonSchema schema, byte[] json, string prefix, List<string> faults)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            faults.Add("malformed-json " + prefix);
            return;
        }
        using (document)
        {
            var results = schema.Evaluate(document.RootElement, Options);
            Walk(results, document.RootElement, prefix, faults);
        }
    }

    /// <summary>The failing leaves of JsonSchema.Net's hierarchical output; an anyOf that fails is one fault at its own location.</summary>
    private static void Walk(EvaluationResults node, JsonElement root, string prefix, List<string> faults)
    {
        if (node.IsValid) return;
        var location = node.InstanceLocation.ToString();
        var at = Resolve(root, location);
        var isNull = at?.ValueKind == JsonValueKind.Null;
        foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
        {
            switch (keyword)
            {
                case "required":
                    foreach (Match m in Regex.Matches(message[(message.IndexOf('[') + 1)..message.LastIndexOf(']')], "\"((?:[^\"\\\\]|\\\\.)*)\""))
                    {
                        faults.Add("missing-field " + prefix + location + "/" + JsonSerializer.Deserialize<string>("\"" + m.Groups[1].Value + "\"")!.Replace("~", "~0").Replace("/", "~1"));
                    }
                    break;
                case "type" or "format" or "anyOf":
                    faults.Add((isNull ? "unexpected-null " : "wrong-type ") + prefix + location);
                    break;
                case "enum":
                    faults.Add((isNull ? "unexpected-null " : "not-in-enum ") + prefix + location);
                    break;
                // An array's length is a bound too (a "single" response's one element: minItems and maxItems 1).
                case "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum" or "minItems" or "maxItems":
                    faults.Add("out-of-range " + prefix + location);
                    break;
                default:
                    faults.Add(keyword + " " + prefix + location);
                    break;
            }
        }
        var children = node.Details ?? (IReadOnlyList<EvaluationResults>)Array.Empty<EvaluationResults>();
        var alternatives = children.Where(c => IsAnyOfBranch(c, node)).ToList();
        if (alternatives.Count > 0 && alternatives.All(c => !c.IsValid))
        {
            // The same rule as the verifier's: the one branch whose failures all lie inside the value speaks for it.
            var inside = alternatives.Select(c =>
            {
                var leaves = new List<string>();
                Walk(c, root, prefix, leaves);
                return leaves;
            }).Where(leaves => leaves.All(l => l[(l.IndexOf(' ') + 1)..].StartsWith(prefix + location + "/", StringComparison.Ordinal))).ToList();
            if (inside.Count == 1) faults.AddRange(inside[0]);
            else faults.Add((isNull ? "unexpected-null " : "wrong-type ") + prefix + location);
        }
        foreach (var child in children.Except(alternatives)) Walk(child, root, prefix, faults);
    }

    private static bool IsAnyOfBranch(EvaluationResults child, EvaluationResults parent)
    {
        var path = child.EvaluationPath.ToString();
        var own = parent.EvaluationPath.ToString();
        return path.StartsWith(own + "/anyOf/", StringComparison.Ordinal);
    }

    private static JsonElement? Resolve(JsonElement root, string pointer)
    {
        var current = root;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var segment = raw.Replace("~1", "/").Replace("~0", "~");
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var member)) current = member;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var index) && index < current.GetArrayLength()) current = current[index];
            else return null;
        }
        return current;
    }

    private static bool IsEventStream(RecordedResponse response)
        => response.Headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && h.Value.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase));

    /// <summary>The data of each server-sent event (the WHATWG rules, written here independently of the runtime's parser).</summary>
    private static List<string> Events(byte[] body)
    {
        var events = new List<string>();
        var data = new StringBuilder();
        var hasData = false;
        foreach (var line in Regex.Split(Encoding.UTF8.GetString(body), "\r\n|\r|\n"))
        {
            if (line.Length == 0)
            {
                if (hasData) events.Add(data.ToString());
                data.Clear();
                hasData = false;
                continue;
            }
            if (line.StartsWith(':')) continue;
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' ')) value = value[1..];
            if (field != "data") continue;
            if (hasData) data.Append('\n');
            data.Append(value);
            hasData = true;
        }
        return events; // an event not ended by a blank line is discarded
    }
}
