using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Toolkit.Runtime.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Cli.Tests;

/// <summary>
/// Recordings as recorders leave them: without the request body, made at another path the service serves the same
/// operation at, or with no operation named. replay still reads each answer; routing obeys what the spec says.
/// </summary>
public sealed class RecordingsAsTheyComeTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("toolkit-as-they-come-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static string Spec => Path.Combine(SharedData.RepoRoot, "specs", "huggingface", "inference", "1.0.0.json");

    private static List<JsonElement> Lines(string output)
        => output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    public static IEnumerable<object[]> Recordings()
    {
        var root = SharedData.Root is null ? null : Path.Combine(SharedData.Root, "recorded");
        if (root is null || !Directory.Exists(root)) return new[] { new object[] { "(absent)" } };
        return Directory.GetFiles(root, "*.json", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal).Select(f => new object[] { f });
    }

    /// <summary>Every shared recording with its request bodies removed still replays its answer: the same result or error as with them.</summary>
    [TasksTheory]
    [MemberData(nameof(Recordings))]
    public void ARecordingWithoutItsRequestBodyStillReplaysItsAnswer(string recording)
    {
        var path = Path.Combine(SharedData.Root!, "recorded", recording);
        var operation = VerifierOracleTests.OperationOf(path);
        var whole = CliRunner.Run("replay", "--spec", Spec, "--json", "--operation", operation, path);
        var document = JsonNode.Parse(File.ReadAllText(path))!;
        foreach (var exchange in document["exchanges"]!.AsArray()) exchange!["request"]!["body"] = null;
        var stripped = Path.Combine(_dir.FullName, Path.GetFileName(path));
        File.WriteAllText(stripped, document.ToJsonString());
        var (exit, output, error) = CliRunner.Run("replay", "--spec", Spec, "--json", "--operation", operation, stripped);
        Assert.True(exit == 0, output + error);
        var before = Lines(whole.Output).Where(l => l.GetProperty("operation").ValueKind == JsonValueKind.String).ToList();
        var after = Lines(output).Where(l => l.GetProperty("operation").ValueKind == JsonValueKind.String).ToList();
        Assert.NotEmpty(after);
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < after.Count; i++)
        {
            Assert.Equal("not recorded", after[i].GetProperty("request").GetString());
            foreach (var key in new[] { "result", "events", "error" })
            {
                Assert.Equal(before[i].TryGetProperty(key, out var b) ? b.GetRawText() : null, after[i].TryGetProperty(key, out var a) ? a.GetRawText() : null);
            }
        }
    }

    private const string AlternativeSpec = """
        {
          "name": "alt", "version": "1.0.0", "namespace": "Alt.Api", "baseUrl": "https://api.alt.test",
          "pathParameters": { "model": { "description": "The model.", "allowSlashes": true, "clientDefault": true } },
          "operations": {
            "embed": {
              "method": "POST", "path": "/pipeline/feature-extraction/{model}",
              "alternativePaths": [ { "path": "/models/{model}", "evidence": "the service's own client posts there (a test's recording)" } ],
              "payload": { "inputs": { "type": "string", "required": true } },
              "response": { "type": "array", "items": { "type": "number" } }
            },
            "classify": {
              "method": "POST", "path": "/models/{model}",
              "payload": { "inputs": { "type": "string", "required": true } },
              "response": { "type": "array", "items": { "type": "object", "properties": { "label": { "type": "string", "required": true } } } }
            }
          }
        }
        """;

    private string Cassette(string operation)
        => JsonSerializer.Serialize(new
        {
            source = "test",
            exchanges = new[]
            {
                new Dictionary<string, object?>
                {
                    ["operation"] = operation,
                    ["request"] = new { method = "POST", url = "https://api.alt.test/models/org/m", headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" }, body = new { encoding = "utf8", text = "{\"inputs\":\"hi\"}" } },
                    ["response"] = new { status = 200, headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" }, body = new { encoding = "utf8", text = "[0.5,1.5]" } },
                },
            },
        });

    [Fact]
    public void ANamedOperationIsObeyedAtAnAlternativePathTheSpecDeclares()
    {
        var spec = Path.Combine(_dir.FullName, "alt.json");
        File.WriteAllText(spec, AlternativeSpec);
        var cassette = Path.Combine(_dir.FullName, "embed.json");
        File.WriteAllText(cassette, Cassette("embed"));

        var verify = CliRunner.Run("verify", "--spec", spec, "--json", cassette);
        Assert.True(verify.Exit == 0, verify.Output + verify.Error);
        using var report = JsonDocument.Parse(verify.Output);
        var route = Assert.Single(report.RootElement.GetProperty("routes").EnumerateArray());
        Assert.Equal(("embed", "named", "/models/{model}"), (route.GetProperty("operation").GetString(), route.GetProperty("rule").GetString(), route.GetProperty("alternativePath").GetString()));
        Assert.Empty(report.RootElement.GetProperty("ambiguous").EnumerateArray());

        // replay sends to the operation's own path: the difference is reported with the result, not as a mismatch.
        var replay = CliRunner.Run("replay", "--spec", spec, cassette);
        Assert.True(replay.Exit == 0, replay.Output + replay.Error);
        Assert.Contains("embed 200: result [0.5,1.5]", replay.Output);
        Assert.Contains("recorded at /models/{model}, an alternative path of the operation; the client sends to /pipeline/feature-extraction/{model}", replay.Output);
        Assert.DoesNotContain("sent differs", replay.Output);

        // Without the spec's word for it, the same recording is classify's by its path and shape, never embed's by a guess.
        File.WriteAllText(spec, AlternativeSpec.Replace("\"alternativePaths\": [ { \"path\": \"/models/{model}\", \"evidence\": \"the service's own client posts there (a test's recording)\" } ],", ""));
        var plain = CliRunner.Run("verify", "--spec", spec, "--json", cassette);
        using var plainReport = JsonDocument.Parse(plain.Output);
        Assert.Equal("classify", plainReport.RootElement.GetProperty("routes")[0].GetProperty("operation").GetString());
    }
}
