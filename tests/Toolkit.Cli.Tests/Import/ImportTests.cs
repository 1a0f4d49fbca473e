using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using NJsonSchema;
using Toolkit.Cli.Import;
using Toolkit.Cli.Specs;
using Toolkit.Cli.Tests.Infrastructure;
using Toolkit.Generator.Parsing;
using Xunit;

namespace Toolkit.Cli.Tests.Import;

public sealed class ImportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("toolkit-import-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Import(string task, string? extra = null) => ImportWithNotes(task, extra).Spec;

    private (string Spec, string Output) ImportWithNotes(string task, string? extra = null)
    {
        var out_ = Path.Combine(_dir.FullName, task + ".json");
        var args = new[] { "import", Path.Combine(TaskSpecs.FolderOf(task), "input.json"), Path.Combine(TaskSpecs.FolderOf(task), "output.json"), "--out", out_ };
        var (exit, output, error) = CliRunner.Run(extra is null ? args : args.Append(extra).ToArray());
        Assert.True(exit == 0, output + error);
        return (out_, output);
    }

    /// <summary>
    /// Where the importer merged an allOf part's alternatives into optional fields (and said so in a note), a request
    /// sets one of them, as the schema allows: "note: payload.messages[]: one of content, tool_calls ...".
    /// </summary>
    private static void KeepOneOfEachMergedGroup(System.Text.Json.Nodes.JsonNode sample, string notes)
    {
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(notes, @"note: payload\.(\S+): one of ([a-z_, ]+) \(alternatives"))
        {
            var nodes = new System.Collections.Generic.List<System.Text.Json.Nodes.JsonNode?> { sample };
            foreach (var step in m.Groups[1].Value.Split('.'))
            {
                var name = step.TrimEnd('[', ']');
                nodes = nodes.Select(n => n?[name]).ToList();
                if (step.EndsWith("[]", StringComparison.Ordinal)) nodes = nodes.SelectMany(n => n is System.Text.Json.Nodes.JsonArray a ? a : Enumerable.Empty<System.Text.Json.Nodes.JsonNode?>()).ToList();
            }
            var fields = m.Groups[2].Value.Split(", ");
            foreach (var node in nodes.OfType<System.Text.Json.Nodes.JsonObject>()) foreach (var field in fields.Skip(1)) node.Remove(field);
        }
    }

    [TaskSpecsTheory]
    [MemberData(nameof(TaskSpecs.Tasks), MemberType = typeof(TaskSpecs))]
    public void EveryTaskImportsAndItsClientCompilesWithZeroWarnings(string task)
    {
        var spec = Import(task);
        var (assembly, problems) = SpecCompiler.CompileAssembly(spec, strict: true);
        Assert.True(assembly is not null, string.Join("\n", problems));
        Assert.Contains(assembly!.GetTypes(), t => t.Name.EndsWith("Client", StringComparison.Ordinal) && !t.Name.EndsWith("Options", StringComparison.Ordinal));
    }

    [TaskSpecsTheory]
    [MemberData(nameof(TaskSpecs.Tasks), MemberType = typeof(TaskSpecs))]
    public void ARequestRoundTripsThroughTheGeneratedCodeAndMatchesTheOriginalSchema(string task)
    {
        var (specPath, notes) = ImportWithNotes(task);
        var model = SpecParser.Parse(specPath, File.ReadAllText(specPath), null, CancellationToken.None).Value!;
        var (assembly, problems) = SpecCompiler.CompileAssembly(specPath, strict: false);
        Assert.True(assembly is not null, string.Join("\n", problems));
        var serializer = assembly!.GetTypes().Single(t => t.Name == model.SerializerName);

        var built = SampleRequests.Build(model);
        KeepOneOfEachMergedGroup(built, notes);
        var sample = built.ToJsonString();
        var request = serializer.GetMethod("DeserializeRequest")!.Invoke(null, new object[] { new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(sample)) });
        var serialize = serializer.GetMethods().Single(m => m.Name == "SerializeRequest" && m.GetParameters().Length == 1);
        var written = Encoding.UTF8.GetString((byte[])serialize.Invoke(null, new[] { request })!);

        var (bundled, error) = SchemaBundler.Bundle(Path.Combine(TaskSpecs.FolderOf(task), "input.json"), null);
        Assert.Null(error);
        var original = JsonSchema.FromJsonAsync(bundled!).GetAwaiter().GetResult();
        var violations = original.Validate(written);
        Assert.True(violations.Count == 0, task + ": " + written + "\n" + string.Join("\n", violations.Select(v => v.ToString())));
    }

    [TaskSpecsTheory]
    [MemberData(nameof(TaskSpecs.Tasks), MemberType = typeof(TaskSpecs))]
    public void TheCheckedInSpecIsAFreshImport(string task)
    {
        var fresh = File.ReadAllText(Import(task));
        var checkedIn = TaskSpecs.ImportedSpec(task);
        if (task == TaskSpecs.NotCheckedIn)
        {
            // Its spec is specs/huggingface/image-segmentation (made from the docs page); a second
            // "image-segmentation 1.0.0" beside it was TK0103 in any project that took both.
            Assert.False(File.Exists(checkedIn), $"specs/huggingface/tasks/{task} must not exist: it would duplicate specs/huggingface/{task}.");
            return;
        }
        Assert.True(File.Exists(checkedIn), $"specs/huggingface/tasks/{task}/1.0.0.json is missing: run toolkit import for it.");
        Assert.True(fresh == File.ReadAllText(checkedIn),
            $"specs/huggingface/tasks/{task}/1.0.0.json differs from a fresh import: re-run toolkit import (see specs/huggingface/tasks/README.md).");
    }

    /// <summary>
    /// Every task of both folders as one whole-API spec: it is the checked-in specs/huggingface/inference/1.0.0.json,
    /// holds all 32 tasks, compiles with zero warnings, shares one type per common definition, puts each task at its
    /// real path, and gives chat completion and text generation their streamed forms from their stream_output.json.
    /// </summary>
    [TaskSpecsFact]
    public void AllTasksOfBothFoldersImportAsOneWholeApiThatCompilesAndIsCheckedIn()
    {
        var spec = Path.Combine(_dir.FullName, "inference.json");
        var (exit, output, error) = CliRunner.Run("import", "--tasks", TaskSpecs.Directory!, "--tasks", TaskSpecs.MoreDirectory!, "--out", spec);
        Assert.True(exit == 0, output + error);
        Assert.DoesNotContain("hand-written", output); // every operation comes from a schema
        var checkedIn = Path.Combine(Toolkit.Runtime.Tests.Infrastructure.SharedData.RepoRoot, "specs", "huggingface", "inference", "1.0.0.json");
        Assert.True(File.ReadAllText(spec) == File.ReadAllText(checkedIn),
            "specs/huggingface/inference/1.0.0.json differs from a fresh import: re-run toolkit import --tasks (see specs/huggingface/inference/README.md).");

        var tasks = TaskSpecs.Tasks().Select(t => (string)t[0]).ToList();
        Assert.Equal(32, tasks.Count);
        var operations = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(spec))!["operations"]!.AsObject();
        Assert.Equal(tasks, operations.Select(o => o.Key).ToList());

        var (assembly, problems) = SpecCompiler.CompileAssembly(spec, strict: true);
        Assert.True(assembly is not null, string.Join("\n", problems));
        var types = assembly!.GetTypes();
        Assert.Single(types, t => t.Name == "ClassificationOutput");
        Assert.Single(types, t => t.Name == "HfInferenceClient");
        var client = types.Single(t => t.Name == "HfInferenceClient");
        foreach (var task in tasks)
        {
            Assert.Contains(client.GetMethods(), m => m.Name == TaskSchemaImporter.Pascal(task) + "Async");
        }
        var text = File.ReadAllText(spec);
        Assert.Contains("\"path\": \"/models/{model}/v1/chat/completions\"", text);
        Assert.Contains("\"path\": \"/pipeline/feature-extraction/{model}\"", text);
        Assert.Contains("\"path\": \"/pipeline/sentence-similarity/{model}\"", text);
        Assert.Contains("\"baseUrl\": \"https://router.huggingface.co/hf-inference\"", text);

        // The streamed forms, from stream_output.json: the event types are the schemas' own, and how each stream ends is the service's.
        var chat = operations["chat-completion"]!["stream"]!;
        Assert.Equal("ChatCompletionStreamOutput", chat["event"]!["typeName"]!.GetValue<string>());
        Assert.Equal("[DONE]", chat["sentinel"]!.GetValue<string>());
        Assert.Equal(("stream", "error"), (chat["field"]!.GetValue<string>(), chat["errorField"]!.GetValue<string>()));
        var generation = operations["text-generation"]!["stream"]!;
        Assert.Equal("TextGenerationStreamOutput", generation["event"]!["typeName"]!.GetValue<string>());
        Assert.Null(generation["sentinel"]); // TGI's stream just ends
        Assert.Equal(typeof(System.Collections.Generic.IAsyncEnumerable<>).MakeGenericType(types.Single(t => t.Name == "ChatCompletionStreamOutput")),
            client.GetMethods().First(m => m.Name == "ChatCompletionStreamAsync").ReturnType);
        Assert.Contains(client.GetMethods(), m => m.Name == "TextGenerationStreamAsync");
        // chat's created is a Unix time: int64 in the schema, a long in C#.
        Assert.Equal(typeof(long), types.Single(t => t.Name == "ChatCompletionOutput").GetProperty("Created")!.PropertyType);

        // An untitled item of an array the schema titles is that title's element (huggingface_hub's name for it), never {Op}ResponseItem.
        Assert.Equal(typeof(System.Threading.Tasks.Task<>).MakeGenericType(typeof(System.Collections.Generic.IReadOnlyList<>).MakeGenericType(types.Single(t => t.Name == "ImageSegmentationOutputElement"))),
            client.GetMethods().First(m => m.Name == "ImageSegmentationAsync").ReturnType);
        Assert.Contains(types, t => t.Name == "ObjectDetectionOutputElement");
        Assert.DoesNotContain(types, t => t.Name.EndsWith("ResponseItem", System.StringComparison.Ordinal));
    }

    /// <summary>
    /// One folder alone (today's tests of ../shared/hf-task-specs) falls back to the hand-written chat completion and
    /// text generation, and says so; with the schemas, they are not used.
    /// </summary>
    [TaskSpecsFact]
    public void TheHandWrittenOperationsAreUsedOnlyWhereNoSchemaExistsAndSaySo()
    {
        var spec = Path.Combine(_dir.FullName, "one-folder.json");
        var (exit, output, error) = CliRunner.Run("import", "--tasks", TaskSpecs.Directory!, "--out", spec);
        Assert.True(exit == 0, output + error);
        Assert.Contains("note: chat-completion: no schema in the task folders, so the hand-written operation", output);
        Assert.Contains("note: text-generation: no schema in the task folders, so the hand-written operation", output);
        var operations = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(spec))!["operations"]!.AsObject();
        Assert.Equal("ChatCompletionChunk", operations["chat-completion"]!["stream"]!["event"]!["typeName"]!.GetValue<string>());
        Assert.Equal(28, operations.Count);
    }

    /// <summary>
    /// A template for new tasks (huggingface.js's placeholder folder, whose $id still says &lt;TASK_ID&gt;) is skipped
    /// with a note; a task given twice, or folders whose common definitions differ, are errors that say so.
    /// </summary>
    [TaskSpecsFact]
    public void ATemplateIsSkippedAndATaskInTwoFoldersIsAnError()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir.FullName, "more")).FullName;
        File.Copy(Path.Combine(TaskSpecs.MoreDirectory!, "common-definitions.json"), Path.Combine(folder, "common-definitions.json"));
        foreach (var task in new[] { "video-classification" })
        {
            Directory.CreateDirectory(Path.Combine(folder, task));
            foreach (var file in new[] { "input.json", "output.json" }) File.Copy(Path.Combine(TaskSpecs.FolderOf(task), file), Path.Combine(folder, task, file));
        }
        // A template as huggingface.js keeps one: every name still to be filled in.
        Directory.CreateDirectory(Path.Combine(folder, "placeholder"));
        File.WriteAllText(Path.Combine(folder, "placeholder", "input.json"), """{ "$id": "/inference/schemas/<TASK_ID>/input.json", "title": "PlaceholderInput", "type": "object", "properties": { "inputs": { "type": "string" } } }""");
        File.WriteAllText(Path.Combine(folder, "placeholder", "output.json"), """{ "$id": "/inference/schemas/<TASK_ID>/output.json", "type": "array", "items": { "type": "object", "properties": { "x": { "type": "string" } } } }""");
        var spec = Path.Combine(_dir.FullName, "x.json");

        var (exit, output, error) = CliRunner.Run("import", "--tasks", folder, "--out", spec);
        Assert.True(exit == 0, output + error);
        Assert.Contains("note: placeholder: a template for new tasks ($id says <TASK_ID>), not a task; skipped.", output);
        Assert.Equal(new[] { "chat-completion", "text-generation", "video-classification" },
            System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(spec))!["operations"]!.AsObject().Select(o => o.Key));

        var twice = CliRunner.Run("import", "--tasks", TaskSpecs.MoreDirectory!, "--tasks", folder, "--out", spec);
        Assert.Equal(ExitCodes.InvalidInput, twice.Exit);
        Assert.Contains("the task video-classification is in " + TaskSpecs.MoreDirectory, twice.Error);

        File.WriteAllText(Path.Combine(folder, "common-definitions.json"), """{ "definitions": { "Other": { "type": "string" } } }""");
        Directory.Delete(Path.Combine(folder, "video-classification"), recursive: true);
        var differ = CliRunner.Run("import", "--tasks", TaskSpecs.Directory!, "--tasks", folder, "--out", spec);
        Assert.Equal(ExitCodes.InvalidInput, differ.Exit);
        Assert.Contains("common definitions must be one set", differ.Error);
    }

    [TaskSpecsFact]
    public void BinaryOutputsAndUnionsAreImportedAsSuch()
    {
        var textToImage = SpecParser.Parse("t", File.ReadAllText(Import("text-to-image")), null, CancellationToken.None).Value!;
        Assert.Equal(Toolkit.Generator.Model.ValueKind.Binary, textToImage.Operations[0].Response.Body.Kind);
        Assert.Equal("image/*", textToImage.Operations[0].Response.ContentType);
        var features = SpecParser.Parse("f", File.ReadAllText(Import("feature-extraction")), null, CancellationToken.None).Value!;
        Assert.Equal(Toolkit.Generator.Model.ValueKind.Union, features.Objects.First(o => o.Name == features.Operations[0].RequestTypeName).Fields.First(f => f.WireName == "inputs").Type.Kind);
        var segmentation = SpecParser.Parse("s", File.ReadAllText(Import("image-segmentation")), null, CancellationToken.None).Value!;
        Assert.Equal("inputs", segmentation.Operations[0].RawField);
        Assert.Equal(Toolkit.Generator.Model.ValueKind.Mask, segmentation.Objects.Single(o => o.Name == "ImageSegmentationResponseItem").Fields.First(f => f.WireName == "mask").Type.Kind);
    }

    [TaskSpecsFact]
    public void WithoutCommonDefinitionsTheErrorSaysWhereItLooked()
    {
        var input = Path.Combine(_dir.FullName, "lonely", "input.json");
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        File.Copy(Path.Combine(TaskSpecs.Directory!, "image-classification", "input.json"), input);
        var (exit, _, error) = CliRunner.Run("import", input, Path.Combine(TaskSpecs.Directory!, "image-classification", "output.json"), "--out", Path.Combine(_dir.FullName, "x.json"));
        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("--common", error);
        var (withCommon, output, error2) = CliRunner.Run("import", input, Path.Combine(TaskSpecs.Directory!, "image-classification", "output.json"), "--out", Path.Combine(_dir.FullName, "x.json"),
            "--common", Path.Combine(TaskSpecs.Directory!, "common-definitions.json"), "--name", "image-classification");
        Assert.True(withCommon == 0, output + error2);
    }

    [Fact]
    public void MissingFilesAreInputErrors()
    {
        var (exit, _, error) = CliRunner.Run("import", "nope/input.json", "nope/output.json", "--out", Path.Combine(_dir.FullName, "x.json"));
        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("does not exist", error);
    }
}
