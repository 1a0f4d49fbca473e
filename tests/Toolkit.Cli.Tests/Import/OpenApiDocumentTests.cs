using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Toolkit.Runtime.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Cli.Tests.Import;

/// <summary>
/// The real OpenAPI documents of ../shared/openapi (TEI, TGI and Qdrant, several releases): every one imports, TGI's
/// streams become streamed operations, the TGI-derived client replays the recorded TGI exchanges, and diffs between
/// consecutive releases report what really changed. (That each import compiles with zero warnings under the trim and
/// AOT analyzers is the build of tests/OpenApiClients, which imports them on build.)
/// </summary>
public sealed class OpenApiDocumentTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("toolkit-openapi-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static string OpenApi(string api, string file) => Path.Combine(SharedData.Root!, "openapi", api, file);

    private static string Tgi(string version) => OpenApi("text-generation-inference", $"openapi-{version}.json");

    private static string Tei(string version) => OpenApi("text-embeddings-inference", $"openapi-{version}.json");

    private static string TgiOverlay => Path.Combine(SharedData.RepoRoot, "specs", "openapi", "text-generation-inference.overlay.yaml");

    public static IEnumerable<object[]> Documents()
    {
        var root = SharedData.Root is { } shared ? Path.Combine(shared, "openapi") : null;
        if (root is null || !Directory.Exists(root)) return new[] { new object[] { "(../shared/openapi absent)" } };
        return Directory.GetFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => new object[] { Path.GetRelativePath(root, f).Replace('\\', '/') });
    }

    private (int Exit, string Output, string Error, JsonObject? Spec) Import(string document, params string[] extra)
    {
        var (exit, output, error, spec, _) = CliRunner.Import(_dir, document, extra);
        return (exit, output, error, spec);
    }

    [OpenApiTheory]
    [MemberData(nameof(Documents))]
    public void EveryDocumentImportsIntoASpecTheGeneratorAccepts(string relative)
    {
        var (exit, output, error, spec) = Import(Path.Combine(SharedData.Root!, "openapi", relative));
        Assert.True(exit == ExitCodes.Success, error);
        Assert.NotNull(spec);
        Assert.Equal("upstream", spec!["versioning"]!.GetValue<string>());
        Assert.True(spec["operations"]!.AsObject().Count > 0);
        // What the importer writes is a spec editors accept too: spec.schema.json validates it.
        var schema = NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(SharedData.RepoRoot, "specs", "spec.schema.json")).GetAwaiter().GetResult();
        var errors = schema.Validate(spec.ToJsonString());
        Assert.True(errors.Count == 0, string.Join("; ", errors.Take(5).Select(e => e.ToString())));
        // Every note names the node it is about: a JSON Pointer into the document.
        foreach (var note in output.Split('\n').Where(l => l.StartsWith("note: ", StringComparison.Ordinal)))
        {
            Assert.StartsWith("note: #/", note);
        }
    }

    [OpenApiFact]
    public void TgiDocumentsThatMicrosoftOpenApiRefusesAreNormalisedAndSaySo()
    {
        // The 3.0 reader throws on TGI's numeric exclusiveMinimum: the whole document, for one kind of node.
        var text = File.ReadAllText(Tgi("3.1.1-dev0"));
        Assert.ThrowsAny<FormatException>(() => Microsoft.OpenApi.OpenApiDocument.Parse(text, "json", new Microsoft.OpenApi.Reader.OpenApiReaderSettings()));

        var (exit, output, error, spec) = Import(Tgi("3.1.1-dev0"));
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("note: #/components/schemas/GenerateParameters/properties/best_of/exclusiveMinimum: the document says OpenAPI 3.0.3 but writes 3.1's numeric exclusiveMinimum", output);
        // An integer above 0 is at least 1: the bound is kept exactly.
        var bestOf = spec!["definitions"]!["GenerateParameters"]!["properties"]!["best_of"]!;
        Assert.Equal(1, bestOf["minimum"]!.GetValue<double>());
    }

    [OpenApiFact]
    public void TgiStreamingOperationsBecomeStreamedForms()
    {
        var (exit, _, error, spec) = Import(Tgi("3.1.1-dev0"));
        Assert.True(exit == ExitCodes.Success, error);
        var operations = spec!["operations"]!.AsObject();
        // The whole and the streamed form, asked for with the request's own "stream" field.
        Assert.Equal("stream", operations["chat_completions"]!["stream"]!["field"]!.GetValue<string>());
        Assert.Equal("ChatCompletionChunk", operations["chat_completions"]!["stream"]!["event"]!["ref"]!.GetValue<string>());
        Assert.Equal("stream", operations["compat_generate"]!["stream"]!["field"]!.GetValue<string>());
        // /generate_stream only streams: its events, and the bytes of the whole stream from the plain method.
        Assert.Equal("StreamResponse", operations["generate_stream"]!["stream"]!["event"]!["ref"]!.GetValue<string>());
        Assert.Equal("text/event-stream", operations["generate_stream"]!["response"]!["contentType"]!.GetValue<string>());
    }

    [OpenApiFact]
    public void TheTgiClientReplaysTheRecordedTgiExchangesWithTheOverlay()
    {
        var recorded = Path.Combine(SharedData.Root!, "recorded", "hf-inference-tasks");
        Assert.True(Directory.Exists(recorded), "../shared/openapi is here but ../shared/recorded/hf-inference-tasks is not: the shared folder is incomplete.");
        var files = new[] { "tgi_generate_no_details.json", "tgi_generate_stream_no_details.json", "tgi_generate_validation_error.json" }
            .Select(f => Path.Combine(recorded, f)).ToArray();
        const string baseUrl = "https://router.huggingface.co/hf-inference/models/google/flan-t5-xxl";

        // As published, the stream's event lacks fields TGI documents as required: a typed error naming the event.
        var (plainExit, _, _, _) = Import(Tgi("3.1.1-dev0"));
        Assert.Equal(ExitCodes.Success, plainExit);
        var plain = Directory.GetFiles(_dir.FullName, "openapi-3.1.1-dev0.*.json").Single();
        var (failExit, failOutput, _) = CliRunner.Run(new[] { "replay", "--spec", plain, "--base-url", baseUrl }.Concat(files).ToArray());
        Assert.Equal(ExitCodes.ProblemsFound, failExit);
        Assert.Contains("Event 0 of the stream", failOutput);
        Assert.Contains("at $.details: expected the required property 'input_length'", failOutput);

        // With the overlay (what the service really sends), every recorded answer reads back with its values.
        var (exit, _, error, _) = Import(Tgi("3.1.1-dev0"), "--overlay", TgiOverlay);
        Assert.True(exit == ExitCodes.Success, error);
        var corrected = Directory.GetFiles(_dir.FullName, "openapi-3.1.1-dev0.*.json").Single(f => f != plain);
        var (replayExit, output, replayError) = CliRunner.Run(new[] { "replay", "--spec", corrected, "--base-url", baseUrl }.Concat(files).ToArray());
        Assert.True(replayExit == ExitCodes.Success, output + replayError);
        Assert.Contains("3 read, 0 failed, 0 ambiguous, 3 not covered.", output);
        Assert.Contains("compat_generate 200: result [{\"generated_text\":\"\"}]", output);
        Assert.Contains("\"details\":{\"finish_reason\":\"length\",\"generated_tokens\":1}", output);
        Assert.Contains("compat_generate 422: error ApiException 422", output);
        Assert.Contains("`inputs` tokens + `max_new_tokens` must be <= 1512", output);
        Assert.DoesNotContain("sent differs", output);
    }

    [OpenApiFact]
    public void ReleasesThatDifferOnlyInTheirVersionReportNoChange()
    {
        // TEI 1.5.0 and 1.7.0 (and 1.8.3 and 1.9.3) differ in info.version alone.
        foreach (var (old, @new) in new[] { ("1.5.0", "1.7.0"), ("1.8.3", "1.9.3") })
        {
            var (exit, output, error) = CliRunner.Run("diff", Tei(old), Tei(@new));
            Assert.True(exit == ExitCodes.Success, error);
            Assert.Contains($"text-embeddings-inference {old} → text-embeddings-inference {@new}: 0 breaking, 0 warning, 0 info.", output);
        }
    }

    [OpenApiFact]
    public void DiffsOfConsecutiveReleasesReportWhatReallyChanged()
    {
        // TGI 1.4 added /tokenize, /v1/chat/completions and /v1/completions.
        var (_, added, _) = CliRunner.Run("diff", Tgi("1.0.3"), Tgi("1.4.5"));
        Assert.Contains("TKD034 operation-added  operations.tokenize", added);
        Assert.Contains("TKD034 operation-added  operations.chat_completions", added);
        Assert.Contains("TKD034 operation-added  operations.completions", added);
        // Its stream event gained a required index (the event type is shared by compat_generate and generate_stream: reported once).
        Assert.Contains("TKD014 response-field-added  operations.compat_generate.stream.event.index", added);

        // TGI 2.4 answers POST / with an array of GenerateResponse (2.0: one object) and trimmed Info.
        var (exit, changed, _) = CliRunner.Run("diff", Tgi("2.0.1"), Tgi("2.4.1-dev0"));
        Assert.Equal(ExitCodes.ProblemsFound, exit);
        Assert.Contains("The type of 'operations.compat_generate.response' changed from object to array of object.", changed);
        Assert.Contains("TKD011 response-field-removed  operations.get_model_info.response.max_batch_size", changed);
        Assert.Contains("Semver: needs a major bump; the new version does not have it.", changed);
        // Streamed events are compared like responses: chat's chunk lost its 'object' field.
        Assert.Contains("TKD011 response-field-removed  operations.chat_completions.stream.event.object", changed);

        // TEI 1.5 moved the OpenAI route to /v1/embeddings and dropped /vertex.
        var (_, tei, _) = CliRunner.Run("diff", Tei("1.2.3"), Tei("1.5.0"));
        Assert.Contains("operations.openai_embed.path: The path changed from /embeddings to /v1/embeddings.", tei);
        Assert.Contains("The operation 'vertex_compatibility' (POST /vertex) was removed.", tei);
        Assert.Contains("TKD034 operation-added  operations.similarity", tei);
    }

    [OpenApiFact]
    public void TheOverlaySaysWhenAnUpstreamReleaseNoLongerHasItsTarget()
    {
        // TGI 2.0 has no input_length to correct: the action does nothing, and the import says so.
        var (exit, output, error, _) = Import(Tgi("2.0.1"), "--overlay", TgiOverlay);
        Assert.True(exit == ExitCodes.Success, error);
        Assert.Contains("text-generation-inference.overlay.yaml#/actions/1: target $.components.schemas.StreamDetails.required[?(@ == 'input_length')] selects nothing", output);
    }
}
