using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Toolkit.Runtime.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Cli.Tests;

/// <summary>
/// The contract truth of the Hugging Face service: the real exchanges of ../shared/recorded/hf-inference-tasks routed
/// to the operations of specs/huggingface/inference, verified and replayed through the one generated client; the raw
/// imported spec's deviations, and the overlay that corrects them.
/// </summary>
public sealed class ContractTruthTests
{
    private static string Folder => Path.Combine(SharedData.Root ?? "", "recorded", "hf-inference-tasks");

    private static string Spec => Path.Combine(SharedData.RepoRoot, "specs", "huggingface", "inference", "1.0.0.json");

    private static readonly string[] Streams = { "chat_completion_with_stream.json", "tgi_generate_stream_no_details.json" };

    /// <summary>A recording whose request the typed client cannot make: it sends chat messages as a string.</summary>
    private const string InexpressibleRequest = "chat_completion_unprocessable_entity.json";

    /// <summary>The operation each recording was made to (the file names say; the service picks the task from the model).</summary>
    private static string OperationOf(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
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
        if (!Directory.Exists(Folder)) return new[] { new object[] { "(absent)" } };
        return Directory.GetFiles(Folder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(f => new object[] { f! });
    }

    private static List<JsonElement> Lines(string output)
        => output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    /// <summary>The spec alone in a folder of its own, no overlay beside it: one copy, so that it compiles once.</summary>
    private static string RawSpecCopy() => RawSpec.Value;

    private static readonly Lazy<string> RawSpec = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("toolkit-raw-spec-").FullName;
        var copy = Path.Combine(folder, "1.0.0.json");
        File.Copy(Spec, copy);
        return copy;
    });

    [TasksTheory]
    [MemberData(nameof(Recordings))]
    public void ReplayPrintsWhatACallerReceives(string file)
    {
        var (exit, output, error) = CliRunner.Run("replay", "--spec", Spec, "--json", "--operation", OperationOf(file), Path.Combine(Folder, file));
        var lines = Lines(output);
        Assert.NotEmpty(lines);
        foreach (var hub in lines.Where(l => l.TryGetProperty("notCovered", out _)))
        {
            Assert.StartsWith("GET https://huggingface.co/api/models/", hub.GetProperty("notCovered").GetString());
        }
        var call = Assert.Single(lines, l => !l.TryGetProperty("notCovered", out _));
        Assert.Equal(OperationOf(file), call.GetProperty("operation").GetString());
        if (Streams.Contains(file))
        {
            // Streams go through the streamed form: every event, with the recorded values.
            Assert.True(exit == 0, output + error);
            Assert.False(call.TryGetProperty("error", out _), output);
            var recordedEvents = Toolkit.Testing.Streams.RecordedEvents.Split(RecordedBody(file))
                .Select(e => System.Text.Encoding.UTF8.GetString(e.Data)).Where(d => d != "[DONE]").ToList();
            var events = call.GetProperty("events").EnumerateArray().ToList();
            Assert.Equal(recordedEvents.Count, events.Count);
            for (var i = 0; i < events.Count; i++)
            {
                using var recordedEvent = JsonDocument.Parse(recordedEvents[i]);
                AssertCarries(recordedEvent.RootElement, events[i], "/events/" + i);
            }
            return;
        }
        if (file == InexpressibleRequest)
        {
            // The typed client cannot send chat messages as a string: said so, and the recorded answer is read all the same.
            Assert.True(exit == 0, output + error);
            Assert.Equal("not reproducible", call.GetProperty("request").GetString());
            Assert.Contains("$.messages", call.GetProperty("requestError").GetString());
            Assert.Equal("ApiException", call.GetProperty("error").GetProperty("type").GetString());
            Assert.Equal(401, call.GetProperty("error").GetProperty("status").GetInt32());
            return;
        }
        Assert.Equal("sent", call.GetProperty("request").GetString());
        Assert.True(exit == 0, output + error);
        Assert.False(call.TryGetProperty("mismatch", out _), output);
        var status = call.GetProperty("status").GetInt32();
        if (status >= 400)
        {
            Assert.Equal("ApiException", call.GetProperty("error").GetProperty("type").GetString());
            Assert.Equal(status, call.GetProperty("error").GetProperty("status").GetInt32());
            return;
        }
        // The typed result written back is the recorded answer (numbers as numbers, fields the spec reads).
        var recorded = RecordedBody(file);
        var result = call.GetProperty("result");
        if (result.ValueKind == JsonValueKind.Object && result.TryGetProperty("sha256", out var sha))
        {
            Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(recorded)).ToLowerInvariant(), sha.GetString());
            return;
        }
        using var expected = JsonDocument.Parse(recorded);
        AssertCarries(expected.RootElement, result, "");
    }

    /// <summary>Every value the typed result holds is the recorded one (the recorded answer may carry fields the spec does not read).</summary>
    private static void AssertCarries(JsonElement recorded, JsonElement result, string path)
    {
        switch (result.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in result.EnumerateObject())
                {
                    if (recorded.TryGetProperty(p.Name, out var r)) AssertCarries(r, p.Value, path + "/" + p.Name);
                    else Assert.True(p.Value.ValueKind == JsonValueKind.Null, $"{path}/{p.Name} is not in the recording");
                }
                break;
            case JsonValueKind.Array:
                Assert.Equal(recorded.GetArrayLength(), result.GetArrayLength());
                for (var i = 0; i < result.GetArrayLength(); i++) AssertCarries(recorded[i], result[i], path + "/" + i);
                break;
            case JsonValueKind.Number:
                Assert.True(recorded.GetDouble() == result.GetDouble(), $"{path}: {recorded} != {result}");
                break;
            default:
                Assert.True(JsonElement.DeepEquals(recorded, result), $"{path}: {recorded} != {result}");
                break;
        }
    }

    private static byte[] RecordedBody(string file)
    {
        var cassette = Toolkit.Testing.Import.ExchangeFileImporter.Import(File.ReadAllBytes(Path.Combine(Folder, file)), file);
        return cassette.Exchanges.Last().Response.Body!.Bytes.ToArray();
    }

    /// <summary>The deviations the raw imported spec shows: (file, pointer in the answer, kind).</summary>
    private static readonly (string File, string Pointer, string Kind)[] Deviations =
    {
        ("feature_extraction_with_sentence_transformers.json", "/0/0", "wrong-type"),
        ("summarization.json", "", "wrong-type"),
        ("text_classification.json", "/0", "wrong-type"),
        ("tgi_generate_no_details.json", "", "wrong-type"),
        ("translation.json", "", "wrong-type"),
        ("translation_with_source_and_target_language.json", "", "wrong-type"),
        ("zero_shot_classification_single_label.json", "", "wrong-type"),
        // The stream schema's, from stream_output.json: TGI sends no index, and no input_length in the last details.
        ("tgi_generate_stream_no_details.json", "/events/0/index", "missing-field"),
        ("tgi_generate_stream_no_details.json", "/events/0/details/input_length", "missing-field"),
    };

    [TasksTheory]
    [MemberData(nameof(Recordings))]
    public void TheRawSpecReportsEachDeviationAndTheOverlayLeavesNone(string file)
    {
        var path = Path.Combine(Folder, file);
        var raw = CliRunner.Run("verify", "--spec", RawSpecCopy(), "--json", "--operation", OperationOf(file), path);
        using var report = JsonDocument.Parse(raw.Output);
        var violations = report.RootElement.GetProperty("violations").EnumerateArray()
            .Select(v => (v.GetProperty("pointer").GetString(), v.GetProperty("kind").GetString())).ToList();
        var expected = Deviations.Where(d => d.File == file).ToList();
        Assert.Equal(expected.Count == 0 ? 0 : 1, raw.Exit);
        foreach (var (_, pointer, kind) in expected) Assert.Contains((pointer, kind), violations);
        if (expected.Count == 0) Assert.Empty(violations);

        var corrected = CliRunner.Run("verify", "--spec", Spec, "--operation", OperationOf(file), path);
        Assert.True(corrected.Exit == 0, corrected.Output + corrected.Error);
        Assert.Contains("no violations", corrected.Output);
    }

    [TasksFact]
    public void SuggestOverlayProposesTheOverlaysActions()
    {
        using var overlay = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(Spec, ".overlay.json")));
        // The actions a recording proves, in its answers (the others stand on reference clients' source or on requests).
        // "single" says how the client returns an answer the spec already reads, not a deviation: no suggestion proposes it.
        static bool Recorded(JsonElement e) => e.TryGetProperty("file", out _);
        static bool OnlySingle(JsonElement a) => a.TryGetProperty("update", out var u) && u.ValueKind == JsonValueKind.Object
            && u.EnumerateObject().Select(p => p.Name).SequenceEqual(new[] { "single" });
        var kept = overlay.RootElement.GetProperty("actions").EnumerateArray()
            .Where(a => !OnlySingle(a))
            .Where(a => a.GetProperty("evidence").EnumerateArray().Any(Recorded)
                        && a.GetProperty("evidence").EnumerateArray().Where(Recorded).All(e => !e.TryGetProperty("in", out var part) || part.GetString() == "response"))
            .Select(a => (a.GetProperty("target").GetString(), a.TryGetProperty("remove", out _)))
            .ToHashSet();
        var suggested = new HashSet<(string?, bool)>();
        var spec = RawSpecCopy();
        foreach (var file in Deviations.Select(d => d.File).Distinct())
        {
            var (exit, output, _) = CliRunner.Run("verify", "--spec", spec, "--suggest-overlay", "--operation", OperationOf(file), Path.Combine(Folder, file));
            Assert.Equal(1, exit);
            using var suggestion = JsonDocument.Parse(output);
            Assert.Equal("1.0.0.json", suggestion.RootElement.GetProperty("extends").GetString());
            foreach (var action in suggestion.RootElement.GetProperty("actions").EnumerateArray())
            {
                Assert.All(action.GetProperty("evidence").EnumerateArray(), e => Assert.EndsWith(file, e.GetProperty("file").GetString()));
                Assert.True(action.GetProperty("reason").GetString()!.Length > 20);
                suggested.Add((action.GetProperty("target").GetString(), action.TryGetProperty("remove", out _)));
            }
        }
        Assert.Equal(kept.Order(), suggested.Order());

        // Saved beside the raw spec, the suggestion makes the same recordings conform.
        foreach (var file in Deviations.Select(d => d.File).Distinct())
        {
            var suggestionText = CliRunner.Run("verify", "--spec", spec, "--suggest-overlay", "--operation", OperationOf(file), Path.Combine(Folder, file)).Output;
            var folder = Directory.CreateTempSubdirectory("toolkit-suggested-").FullName;
            File.Copy(spec, Path.Combine(folder, "1.0.0.json"));
            File.WriteAllText(Path.Combine(folder, "1.0.0.overlay.json"), suggestionText);
            var again = CliRunner.Run("verify", "--spec", Path.Combine(folder, "1.0.0.json"), "--operation", OperationOf(file), Path.Combine(Folder, file));
            Assert.True(again.Exit == 0, file + ": " + again.Output + again.Error);
        }
    }

    /// <summary>What the verifier passes, the client reads; what the client reads, the verifier passes (routed exchanges whose request the client can make).</summary>
    [TasksTheory]
    [MemberData(nameof(Recordings))]
    public void TheVerifierAndTheClientAgree(string file)
    {
        foreach (var spec in new[] { Spec, RawSpecCopy() })
        {
            var path = Path.Combine(Folder, file);
            var verify = CliRunner.Run("verify", "--spec", spec, "--json", "--operation", OperationOf(file), path);
            var replay = CliRunner.Run("replay", "--spec", spec, "--json", "--operation", OperationOf(file), path);
            var call = Lines(replay.Output).Single(l => !l.TryGetProperty("notCovered", out _));
            var hasError = call.TryGetProperty("error", out var error);
            var clientReads = !hasError || error.GetProperty("type").GetString() == "ApiException";
            using var report = JsonDocument.Parse(verify.Output);
            var verifierPasses = report.RootElement.GetProperty("violations").GetArrayLength() == 0;
            Assert.True(clientReads == verifierPasses, $"{file} against {spec}: client reads {clientReads}, verifier passes {verifierPasses}\n{verify.Output}\n{replay.Output}");
        }
    }

    /// <summary>
    /// A "single" response keeps the wire's array in the contract: a one-element answer verifies and replays as its
    /// element; an empty or two-element one is out of range for the verifier (minItems/maxItems 1) and a
    /// JsonPayloadException for the client. They agree.
    /// </summary>
    [Fact]
    public void ASingleAnswerOfAnotherCountIsReportedByTheVerifierAndRefusedByTheClient()
    {
        static string Exchange(string answer) => $$"""
            { "request": { "method": "POST", "url": "https://router.huggingface.co/hf-inference/models/sshleifer/distilbart-cnn-12-6",
                "headers": { "Content-Type": "application/json" }, "body": { "encoding": "utf8", "text": {{JsonSerializer.Serialize("{\"inputs\":\"The sky is blue.\"}")}} } },
              "response": { "status": 200, "headers": { "Content-Type": "application/json" }, "body": { "encoding": "utf8", "text": {{JsonSerializer.Serialize(answer)}} } } }
            """;
        var answers = new[] { "[{\"summary_text\":\"Blue.\"}]", "[]", "[{\"summary_text\":\"Blue.\"},{\"summary_text\":\"Sky.\"}]" };
        var folder = Directory.CreateTempSubdirectory("toolkit-single-").FullName;
        var cassette = Path.Combine(folder, "summarization.json");
        File.WriteAllText(cassette, "{ \"exchanges\": [" + string.Join(",", answers.Select(Exchange)) + "] }");

        var verify = CliRunner.Run("verify", "--spec", Spec, "--json", "--operation", "summarization", cassette);
        Assert.Equal(1, verify.Exit);
        using var report = JsonDocument.Parse(verify.Output);
        var violations = report.RootElement.GetProperty("violations").EnumerateArray()
            .Select(v => (v.GetProperty("exchange").GetInt32(), v.GetProperty("pointer").GetString(), v.GetProperty("kind").GetString())).ToList();
        Assert.Equal(new (int, string?, string?)[] { (1, "", "out-of-range"), (2, "", "out-of-range") }, violations.Order());

        var replay = CliRunner.Run("replay", "--spec", Spec, "--json", "--operation", "summarization", cassette);
        var calls = Lines(replay.Output);
        Assert.Equal(3, calls.Count);
        Assert.False(calls[0].TryGetProperty("error", out _), replay.Output);
        Assert.Contains("Blue.", calls[0].ToString());
        foreach (var (call, count) in new[] { (calls[1], 0), (calls[2], 2) })
        {
            var error = call.GetProperty("error");
            Assert.Equal("JsonPayloadException", error.GetProperty("type").GetString());
            Assert.Contains($"expected an array of exactly one element, found an array of {count} elements", error.ToString());
        }
    }

    [Fact]
    public void ABadOverlayBesideTheSpecIsADiagnosticAtItsLineAndColumn()
    {
        var folder = Directory.CreateTempSubdirectory("toolkit-bad-overlay-").FullName;
        File.Copy(CliRunner.ImageSegmentationSpec, Path.Combine(folder, "1.0.0.json"));
        File.WriteAllText(Path.Combine(folder, "1.0.0.overlay.json"), "{\n  \"overlay\": \"1.0.0\",\n  \"extends\": \"1.0.0.json\",\n  \"actions\": [\n    { \"target\": \"/response/nope\", \"remove\": true, \"reason\": \"r\" }\n  ]\n}\n");
        var cassette = Path.Combine(folder, "none.json");
        File.WriteAllText(cassette, "{ \"exchanges\": [] }");
        var (exit, _, error) = CliRunner.Run("verify", "--spec", Path.Combine(folder, "1.0.0.json"), cassette);
        Assert.Equal(2, exit);
        Assert.Contains(Path.Combine(folder, "1.0.0.overlay.json") + "(5,17): error TK0014", error);

        var diff = CliRunner.Run("diff", Path.Combine(folder, "1.0.0.json"), Path.Combine(folder, "1.0.0.json"));
        Assert.Equal(2, diff.Exit);
        Assert.Contains("1.0.0.overlay.json(5,17): error TK0014", diff.Error);
    }

    [TasksFact]
    public void OneRunOverTheFolderNamesEachFilesOperationByPattern()
    {
        var args = new List<string> { "replay", "--spec", Spec, "--json", Folder };
        foreach (var file in Directory.GetFiles(Folder, "*.json").Select(Path.GetFileName))
        {
            args.Add("--operation");
            args.Add(Path.GetFileNameWithoutExtension(file) + "*=" + OperationOf(file!));
        }
        var (exit, output, error) = CliRunner.Run(args.ToArray());
        Assert.True(exit == 0, output + error); // the request the typed client cannot make is reported; its answer is read
        var calls = Lines(output).Where(l => !l.TryGetProperty("notCovered", out _)).ToList();
        Assert.DoesNotContain(calls, c => c.TryGetProperty("ambiguous", out _));
        Assert.DoesNotContain(calls, c => c.TryGetProperty("error", out var e) && e.GetProperty("type").GetString() != "ApiException");
        Assert.Equal(new[] { InexpressibleRequest }, calls.Where(c => c.GetProperty("request").GetString() != "sent").Select(c => Path.GetFileName(c.GetProperty("file").GetString())));
        Assert.Equal(Streams.Order(), calls.Where(c => c.TryGetProperty("events", out _)).Select(c => Path.GetFileName(c.GetProperty("file").GetString())).Order());

        Assert.Equal(2, CliRunner.Run("replay", "--spec", Spec, "--operation", "a", "--operation", "b", Folder).Exit);
        Assert.Equal(2, CliRunner.Run("replay", "--spec", Spec, "--operation", "x*=", Folder).Exit);
        Assert.Equal(2, CliRunner.Run("replay", "--spec", Spec, "--operation", "x*=no-such-operation", Folder).Exit);
    }

    [TasksFact]
    public void StreamEventsAreVerifiedOneByOneAndSuggestionsReachThem()
    {
        // A spec that forbids the null finish_reason every recorded chunk but the last carries.
        var folder = Directory.CreateTempSubdirectory("toolkit-stream-spec-").FullName;
        var spec = Path.Combine(folder, "1.0.0.json");
        var text = File.ReadAllText(Spec);
        var marker = "\"finish_reason\": {\n                    \"type\": \"string\",\n                    \"nullable\": true\n                  }";
        Assert.Single(text.Split(marker)[1..]); // the chat chunk's, from chat-completion/stream_output.json
        File.WriteAllText(spec, text.Replace(marker, "\"finish_reason\": {\n                    \"type\": \"string\"\n                  }"));
        var stream = Path.Combine(Folder, "chat_completion_with_stream.json");

        var (exit, output, _) = CliRunner.Run("verify", "--spec", spec, "--json", stream);
        Assert.Equal(1, exit);
        using var report = JsonDocument.Parse(output);
        var violations = report.RootElement.GetProperty("violations").EnumerateArray().ToList();
        Assert.Contains(violations, v => v.GetProperty("pointer").GetString() == "/events/0/choices/0/finish_reason" && v.GetProperty("kind").GetString() == "unexpected-null");
        Assert.All(violations, v => Assert.StartsWith("/events/", v.GetProperty("pointer").GetString()));

        var suggestion = CliRunner.Run("verify", "--spec", spec, "--suggest-overlay", stream).Output;
        using var overlay = JsonDocument.Parse(suggestion);
        var action = Assert.Single(overlay.RootElement.GetProperty("actions").EnumerateArray());
        Assert.Equal("/operations/chat-completion/stream/event/properties/choices/items/properties/finish_reason", action.GetProperty("target").GetString());
        Assert.True(action.GetProperty("update").GetProperty("nullable").GetBoolean());
        File.WriteAllText(Path.Combine(folder, "1.0.0.overlay.json"), suggestion);
        var again = CliRunner.Run("verify", "--spec", spec, stream);
        Assert.True(again.Exit == 0, again.Output + again.Error);

        // A stream cut before its end marker is incomplete, at the index where the marker should be.
        var cut = Path.Combine(folder, "cut.json");
        using (var original = JsonDocument.Parse(File.ReadAllBytes(stream)))
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(original.RootElement.GetRawText())!;
            var body = json["exchanges"]![1]!["response"]!["body"]!;
            body["text"] = body["text"]!.GetValue<string>().Replace("data: [DONE]", "");
            File.WriteAllText(cut, json.ToJsonString());
        }
        var incomplete = CliRunner.Run("verify", "--spec", Spec, "--json", cut);
        Assert.Equal(1, incomplete.Exit);
        Assert.Contains("incomplete-stream", incomplete.Output);
        var replayed = CliRunner.Run("replay", "--spec", Spec, cut);
        Assert.Equal(1, replayed.Exit);
        Assert.Contains("without its end marker [DONE]", replayed.Output);
    }

    [TasksFact]
    public void TheWholeFolderRoutesEveryExchangeAndNamesTheCandidatesOfSharedPaths()
    {
        var (exit, output, _) = CliRunner.Run("verify", "--spec", Spec, "--json", Folder);
        Assert.Equal(1, exit); // ambiguous exchanges are never guessed
        using var report = JsonDocument.Parse(output);
        var root = report.RootElement;
        var notCovered = root.GetProperty("notCovered").EnumerateArray().ToList();
        var hubLookups = Directory.GetFiles(Folder, "*.json").Sum(f => Toolkit.Testing.Import.ExchangeFileImporter.Import(File.ReadAllBytes(f), f)
            .Exchanges.Count(e => e.Request.Url.StartsWith("https://huggingface.co/api/models/", StringComparison.Ordinal)));
        Assert.Equal(hubLookups, notCovered.Count);
        Assert.All(notCovered, n => Assert.Equal("GET", n.GetProperty("method").GetString()));
        Assert.DoesNotContain(root.GetProperty("violations").EnumerateArray(), v => v.GetProperty("status").GetInt32() == 307 || v.GetProperty("operation").GetString() == "");

        // Chat completion, feature extraction and sentence similarity have paths of their own; the rest share POST /models/{model}
        // and are told apart by the shape of their request and response, each to the task its file name says. What still
        // fits several: audio- and image-classification (the same answer; the spec takes both bodies as octet-stream) and
        // a 422 error body, which every operation shares (15 were ambiguous before routing by shape).
        var ambiguous = root.GetProperty("ambiguous").EnumerateArray().ToList();
        Assert.Equal(new[] { "audio_classification.json", "image_classification.json", "tgi_generate_validation_error.json" },
            ambiguous.Select(a => Path.GetFileName(a.GetProperty("source").GetString())).Order());
        Assert.All(ambiguous.Take(2), a => Assert.Equal(new[] { "audio-classification", "image-classification" }, a.GetProperty("candidates").EnumerateArray().Select(c => c.GetString()).Order()));
        Assert.All(ambiguous, a => Assert.DoesNotContain("chat-completion", a.GetProperty("candidates").EnumerateArray().Select(c => c.GetString())));
        foreach (var route in root.GetProperty("routes").EnumerateArray())
        {
            Assert.Equal(OperationOf(route.GetProperty("source").GetString()!), route.GetProperty("operation").GetString());
        }
        var total = Directory.GetFiles(Folder, "*.json").Sum(f => Toolkit.Testing.Import.ExchangeFileImporter.Import(File.ReadAllBytes(f), f).Exchanges.Count);
        Assert.Equal(total - hubLookups - ambiguous.Count, root.GetProperty("exchanges").GetInt32());
    }
}
