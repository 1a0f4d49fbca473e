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

    private string Import(string task, string? extra = null)
    {
        var out_ = Path.Combine(_dir.FullName, task + ".json");
        var args = new[] { "import", Path.Combine(TaskSpecs.Directory!, task, "input.json"), Path.Combine(TaskSpecs.Directory!, task, "output.json"), "--out", out_ };
        var (exit, output, error) = CliRunner.Run(extra is null ? args : args.Append(extra).ToArray());
        Assert.True(exit == 0, output + error);
        return out_;
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
        var specPath = Import(task);
        var model = SpecParser.Parse(specPath, File.ReadAllText(specPath), null, CancellationToken.None).Value!;
        var (assembly, problems) = SpecCompiler.CompileAssembly(specPath, strict: false);
        Assert.True(assembly is not null, string.Join("\n", problems));
        var serializer = assembly!.GetTypes().Single(t => t.Name == model.SerializerName);

        var sample = SampleRequests.Build(model).ToJsonString();
        var request = serializer.GetMethod("DeserializeRequest")!.Invoke(null, new object[] { new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(sample)) });
        var serialize = serializer.GetMethods().Single(m => m.Name == "SerializeRequest" && m.GetParameters().Length == 1);
        var written = Encoding.UTF8.GetString((byte[])serialize.Invoke(null, new[] { request })!);

        var (bundled, error) = SchemaBundler.Bundle(Path.Combine(TaskSpecs.Directory!, task, "input.json"), null);
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
    /// Every task of the folder as one whole-API spec: it is the checked-in specs/huggingface/inference/1.0.0.json,
    /// compiles with zero warnings, shares one type per common definition and puts each task at its real path.
    /// </summary>
    [TaskSpecsFact]
    public void AllTasksImportAsOneWholeApiThatCompilesAndIsCheckedIn()
    {
        var spec = Path.Combine(_dir.FullName, "inference.json");
        var (exit, output, error) = CliRunner.Run("import", "--tasks", TaskSpecs.Directory!, "--out", spec);
        Assert.True(exit == 0, output + error);
        var checkedIn = Path.Combine(Toolkit.Runtime.Tests.Infrastructure.SharedData.RepoRoot, "specs", "huggingface", "inference", "1.0.0.json");
        Assert.True(File.ReadAllText(spec) == File.ReadAllText(checkedIn),
            "specs/huggingface/inference/1.0.0.json differs from a fresh import: re-run toolkit import --tasks (see specs/huggingface/inference/README.md).");

        var (assembly, problems) = SpecCompiler.CompileAssembly(spec, strict: true);
        Assert.True(assembly is not null, string.Join("\n", problems));
        var types = assembly!.GetTypes();
        Assert.Single(types, t => t.Name == "ClassificationOutput");
        Assert.Single(types, t => t.Name == "HfInferenceClient");
        var client = types.Single(t => t.Name == "HfInferenceClient");
        var tasks = Directory.GetDirectories(TaskSpecs.Directory!).Where(d => File.Exists(Path.Combine(d, "input.json"))).Select(Path.GetFileName).ToList();
        foreach (var task in tasks)
        {
            Assert.Contains(client.GetMethods(), m => m.Name == TaskSchemaImporter.Pascal(task!) + "Async");
        }
        // The router's operations the task schemas leave out, from today's docs pages.
        Assert.Contains(client.GetMethods(), m => m.Name == "ChatCompletionAsync");
        Assert.Contains(client.GetMethods(), m => m.Name == "TextGenerationAsync");
        var text = File.ReadAllText(spec);
        Assert.Contains("\"path\": \"/models/{model}/v1/chat/completions\"", text);
        Assert.Contains("\"path\": \"/pipeline/feature-extraction/{model}\"", text);
        Assert.Contains("\"path\": \"/pipeline/sentence-similarity/{model}\"", text);
        Assert.Contains("\"baseUrl\": \"https://router.huggingface.co/hf-inference\"", text);
    }

    [TaskSpecsFact]
    public void BinaryOutputsAndUnionsAreImportedAsSuch()
    {
        var textToImage = SpecParser.Parse("t", File.ReadAllText(Import("text-to-image")), null, CancellationToken.None).Value!;
        Assert.Equal(Toolkit.Generator.Model.ValueKind.Binary, textToImage.Response.Body.Kind);
        Assert.Equal("image/*", textToImage.Response.ContentType);
        var features = SpecParser.Parse("f", File.ReadAllText(Import("feature-extraction")), null, CancellationToken.None).Value!;
        Assert.Equal(Toolkit.Generator.Model.ValueKind.Union, features.Objects.First(o => o.Name == features.Operation.RequestTypeName).Fields.First(f => f.WireName == "inputs").Type.Kind);
        var segmentation = SpecParser.Parse("s", File.ReadAllText(Import("image-segmentation")), null, CancellationToken.None).Value!;
        Assert.Equal("inputs", segmentation.Operation.RawField);
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
