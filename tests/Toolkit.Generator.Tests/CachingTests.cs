using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Toolkit.Generator.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>The pipeline is incremental: nothing re-runs that did not change, and no model holds compiler objects.</summary>
public sealed class CachingTests
{
    /// <summary>Every stage the generator names: a stage added later is checked without editing this test.</summary>
    private static readonly string[] TrackedSteps = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    private static string SecondSpec => TestPaths.ImageSegmentationSpec
        .Replace("\"name\": \"image-segmentation\"", "\"name\": \"other-segmentation\"")
        .Replace("\"typeName\": \"ImageSegmentationSegment\"", "\"typeName\": \"OtherSegmentationSegment\"")
        .Replace("HuggingFace.Inference.ImageSegmentation", "Other.Segmentation");

    private const string Overlay = """
        { "overlay": "1.0.0", "extends": "1.0.0.json", "actions": [ { "target": "/description", "update": "Corrected.", "reason": "r" } ] }
        """;

    [Fact]
    public void UnrelatedCSharpEditLeavesEveryStepCachedOrUnchanged()
    {
        var compilation = GeneratorHarness.CreateCompilation("class A { }");
        var driver = GeneratorHarness.CreateDriver(new AdditionalText[]
        {
            new InMemoryAdditionalText("/a/1.0.0.json", TestPaths.ImageSegmentationSpec),
            // A second version of the same spec, so the version stages have work to keep cached.
            new InMemoryAdditionalText("/a/2.0.0.json", TestPaths.ImageSegmentationSpec.Replace("\"version\": \"1.0.0\"", "\"version\": \"2.0.0\"")),
            // And an overlay, so the overlay stages have work to keep cached too.
            new InMemoryAdditionalText("/a/1.0.0.overlay.json", Overlay),
        });
        driver = driver.RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().Diagnostics);
        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }", GeneratorHarness.ParseOptions));
        driver = driver.RunGenerators(edited);

        var result = driver.GetRunResult().Results.Single();
        foreach (var step in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), "step not tracked: " + step);
            foreach (var run in result.TrackedSteps[step])
            {
                foreach (var (_, reason) in run.Outputs)
                {
                    Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {reason}");
                }
            }
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs),
            o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void EditingOneSpecReemitsOnlyThatSpec()
    {
        var compilation = GeneratorHarness.CreateCompilation("class A { }");
        var first = new InMemoryAdditionalText("/a/1.0.0.json", TestPaths.ImageSegmentationSpec);
        var second = new InMemoryAdditionalText("/b/1.0.0.json", SecondSpec);
        var driver = GeneratorHarness.CreateDriver(new AdditionalText[] { first, second });
        driver = driver.RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().Diagnostics);

        var changed = new InMemoryAdditionalText("/b/1.0.0.json", SecondSpec.Replace("Probability threshold", "The probability threshold"));
        driver = driver.ReplaceAdditionalText(second, changed).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        var parse = result.TrackedSteps[TrackingNames.SpecParse].SelectMany(r => r.Outputs).ToList();
        Assert.Equal(1, parse.Count(o => o.Reason == IncrementalStepRunReason.Modified));

        // The edited spec's file is written again; the other spec's file is unchanged and not re-added.
        var files = result.TrackedSteps[TrackingNames.GeneratedFiles].SelectMany(r => r.Outputs)
            .Select(o => (((Toolkit.Generator.Model.GeneratedFile)o.Value).SpecPath, o.Reason)).ToList();
        Assert.Equal(2, files.Count);
        Assert.Contains(files, f => f.SpecPath == "/a/1.0.0.json" && f.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached);
        Assert.Contains(("/b/1.0.0.json", IncrementalStepRunReason.Modified), files);
    }

    private static readonly string WholeApi = System.IO.File.ReadAllText(System.IO.Path.Combine(TestPaths.RepoRoot, "tests", "Toolkit.Runtime.Tests", "Specs", "whole-api.json"));

    /// <summary>
    /// A whole API next to another spec: editing one of its operations writes the API's file again (with the edit) and
    /// leaves the other spec's file as it was.
    /// </summary>
    [Fact]
    public void EditingAWholeApiRewritesOnlyItsFile()
    {
        var compilation = GeneratorHarness.CreateCompilation("class A { }");
        var api = new InMemoryAdditionalText("/acme/1.2.0.json", WholeApi);
        var other = new InMemoryAdditionalText("/a/1.0.0.json", TestPaths.ImageSegmentationSpec);
        var driver = GeneratorHarness.CreateDriver(new AdditionalText[] { api, other }).RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().Diagnostics);

        var edited = WholeApi.Replace("\"path\": \"/tenants/{tenant}/models\",", "\"description\": \"Lists the tenant's models.\", \"path\": \"/tenants/{tenant}/models\",");
        Assert.NotEqual(WholeApi, edited);
        driver = driver.ReplaceAdditionalText(api, new InMemoryAdditionalText("/acme/1.2.0.json", edited)).RunGenerators(compilation);
        var run = driver.GetRunResult();
        Assert.Empty(run.Diagnostics);
        var files = run.Results.Single().TrackedSteps[TrackingNames.GeneratedFiles].SelectMany(r => r.Outputs)
            .Select(o => (((Toolkit.Generator.Model.GeneratedFile)o.Value).SpecPath, o.Reason)).ToList();
        Assert.Contains(("/acme/1.2.0.json", IncrementalStepRunReason.Modified), files);
        Assert.Contains(files, f => f.SpecPath == "/a/1.0.0.json" && f.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached);
        var source = Assert.Single(run.GeneratedTrees, t => t.FilePath.EndsWith("Acme.Inference.acme-inference.1.2.0.g.cs", StringComparison.Ordinal));
        Assert.Contains("Lists the tenant's models.", source.ToString());
    }

    [Fact]
    public void NoModelHoldsSymbolsSyntaxOrCompilations()
    {
        var compilation = GeneratorHarness.CreateCompilation("class A { }");
        var driver = GeneratorHarness.CreateDriver(new AdditionalText[]
        {
            new InMemoryAdditionalText("/a/1.0.0.json", TestPaths.ImageSegmentationSpec),
            new InMemoryAdditionalText("/bad/1.0.0.json", "{ \"name\": 3 }"),
            new InMemoryAdditionalText("/a/1.0.0.overlay.json", Overlay),
        });
        driver = driver.RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var step in TrackedSteps)
        {
            foreach (var run in result.TrackedSteps[step])
            {
                foreach (var (value, _) in run.Outputs) AssertNoCompilerObjects(value, step, visited);
            }
        }
        Assert.True(visited.Count > 50, "the walk should have visited the models");
    }

    private static void AssertNoCompilerObjects(object? value, string path, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value is Enum) return;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree,
            $"{path} holds a {value.GetType().Name}");
        if (!value.GetType().IsValueType && !visited.Add(value)) return;
        if (value is DiagnosticDescriptor) return; // static, compiler-independent data
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items) AssertNoCompilerObjects(item, $"{path}[{i++}]", visited);
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoCompilerObjects(field.GetValue(value), path + "." + field.Name, visited);
        }
    }
}
