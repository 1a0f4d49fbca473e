using System;
using System.IO;
using System.Linq;
using Toolkit.Generator.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>
/// The generated sources for the real image-segmentation spec, file set and text, against the files in
/// Baselines/. Set TOOLKIT_UPDATE_BASELINES=1 to rewrite them after an intended change, then review the diff.
/// </summary>
public sealed class BaselineTests
{
    private const string UpdateVariable = "TOOLKIT_UPDATE_BASELINES";

    [Fact]
    public void ImageSegmentationOutputMatchesBaselines()
        => MatchesBaselines("ImageSegmentation", ("/specs/image-segmentation/1.0.0.json", TestPaths.ImageSegmentationSpec));

    /// <summary>The multi-operation scenario: a whole API (format 2) with shared types, path and query parameters.</summary>
    [Fact]
    public void WholeApiOutputMatchesBaselines()
        => MatchesBaselines("WholeApi", ("/specs/acme/1.2.0.json",
            File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "Toolkit.Runtime.Tests", "Specs", "whole-api.json"))));

    private static void MatchesBaselines(string scenario, (string Path, string Text) spec)
    {
        var (result, output) = GeneratorHarness.Run(spec);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        // The generator's own version is stamped into [GeneratedCode]; baselines keep a placeholder so a release does not rewrite them.
        var version = typeof(SpecGenerator).Assembly.GetName().Version!.ToString(3);
        var stamp = "GeneratedCode(\"Toolkit.Generator\", \"" + version + "\")";
        var generated = result.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString().Replace(stamp, "GeneratedCode(\"Toolkit.Generator\", \"{version}\")"));
        var directory = TestPaths.BaselineDirectory(scenario);

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            Directory.CreateDirectory(directory);
            foreach (var (hint, text) in generated) File.WriteAllText(Path.Combine(directory, hint), text);
        }

        var expectedFiles = Directory.Exists(directory)
            ? Directory.GetFiles(directory).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToArray()
            : Array.Empty<string>();
        Assert.Equal(expectedFiles, generated.Keys.OrderBy(n => n, StringComparer.Ordinal).ToArray());
        foreach (var (hint, text) in generated)
        {
            var expected = File.ReadAllText(Path.Combine(directory, hint)).ReplaceLineEndings("\n");
            Assert.True(expected == text,
                $"{hint} differs from its baseline. Run the tests with {UpdateVariable}=1 to accept the new output, then review the diff.");
        }
    }

    [Fact]
    public void ImageSegmentationOutputCompilesWithoutWarnings()
    {
        var (result, output) = GeneratorHarness.Run(("/specs/image-segmentation/1.0.0.json", TestPaths.ImageSegmentationSpec));
        Assert.Empty(result.Diagnostics);
        Assert.Single(result.Results.Single().GeneratedSources); // one file a spec (see SpecFiles)
        Assert.Empty(GeneratorHarness.CompileErrors(output));
    }

    [Fact]
    public void ExpectedPublicTypesAreGenerated()
    {
        var (_, output) = GeneratorHarness.Run(("/specs/image-segmentation/1.0.0.json", TestPaths.ImageSegmentationSpec));
        foreach (var name in new[]
        {
            "ImageSegmentationClient", "ImageSegmentationClientOptions", "ImageSegmentationRequestOptions",
            "ImageSegmentationRequest", "ImageSegmentationParameters", "ImageSegmentationSubtask",
            "ImageSegmentationSegment", "ImageSegmentationSerializer", "ImageSegmentationValidator",
        })
        {
            var type = output.GetTypeByMetadataName("HuggingFace.Inference.ImageSegmentation." + name);
            Assert.True(type is not null, name + " was not generated");
            Assert.Equal(Microsoft.CodeAnalysis.Accessibility.Public, type!.DeclaredAccessibility);
        }
        var segment = output.GetTypeByMetadataName("HuggingFace.Inference.ImageSegmentation.ImageSegmentationSegment")!;
        var score = (Microsoft.CodeAnalysis.IPropertySymbol)segment.GetMembers("Score").Single();
        Assert.Equal("double?", score.Type.ToDisplayString());
    }
}
