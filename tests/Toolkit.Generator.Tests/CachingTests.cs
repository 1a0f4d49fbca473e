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

        var units = result.TrackedSteps[TrackingNames.EmitUnits].SelectMany(r => r.Outputs).ToList();
        var changedUnits = units.Where(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New).Select(o => o.Value.ToString()!).ToList();
        var quietUnits = units.Where(o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged).Select(o => o.Value.ToString()!).ToList();

        Assert.NotEmpty(changedUnits);
        Assert.All(changedUnits, u => Assert.Contains("/b/1.0.0.json", u));
        Assert.Equal(10, quietUnits.Count(u => u.Contains("/a/1.0.0.json")));
        // Only the files that the edited description reaches change: the parameters type and the spec-wide files.
        Assert.DoesNotContain(changedUnits, u => u.Contains("ObjectUnit") && u.Contains("OtherSegmentationSegment"));

        var parse = result.TrackedSteps[TrackingNames.SpecParse].SelectMany(r => r.Outputs).ToList();
        Assert.Equal(1, parse.Count(o => o.Reason == IncrementalStepRunReason.Modified));

        // Only the edited units are emitted again (some to the same text); the other spec's file is joined to the same
        // text and not re-added.
        var parts = result.TrackedSteps[TrackingNames.EmittedParts].SelectMany(r => r.Outputs).ToList();
        Assert.InRange(parts.Count(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New), 1, changedUnits.Count);
        Assert.Equal(units.Count - changedUnits.Count, parts.Count(o => o.Reason == IncrementalStepRunReason.Cached));
        var files = result.TrackedSteps[TrackingNames.GeneratedFiles].SelectMany(r => r.Outputs)
            .Select(o => (((Toolkit.Generator.Model.GeneratedFile)o.Value).SpecPath, o.Reason)).ToList();
        Assert.Equal(2, files.Count);
        Assert.Contains(("/a/1.0.0.json", IncrementalStepRunReason.Unchanged), files);
        Assert.Contains(("/b/1.0.0.json", IncrementalStepRunReason.Modified), files);
    }

    private static readonly string WholeApi = System.IO.File.ReadAllText(System.IO.Path.Combine(TestPaths.RepoRoot, "tests", "Toolkit.Runtime.Tests", "Specs", "whole-api.json"));

    /// <summary>The files whose units a run re-emitted (new or modified), by hint name.</summary>
    private static List<string> Reemitted(GeneratorRunResult result)
        => result.TrackedSteps[TrackingNames.EmitUnits].SelectMany(r => r.Outputs)
            .Where(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New)
            .Select(o => ((Toolkit.Generator.Model.EmitUnit)o.Value).HintName).ToList();

    private static GeneratorRunResult Edit(string before, string after)
    {
        var compilation = GeneratorHarness.CreateCompilation("class A { }");
        var spec = new InMemoryAdditionalText("/acme/1.2.0.json", before);
        var driver = GeneratorHarness.CreateDriver(new AdditionalText[] { spec });
        driver = driver.RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().Diagnostics);
        Assert.NotEqual(before, after);
        driver = driver.ReplaceAdditionalText(spec, new InMemoryAdditionalText("/acme/1.2.0.json", after)).RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().Diagnostics);
        return driver.GetRunResult().Results.Single();
    }

    /// <summary>
    /// In a whole API, editing one operation re-emits that operation's files (its client methods, serializer and
    /// validator entry points, contract) and the contract core (which names the exact spec text), nothing else: every
    /// other operation, every type, the options stay cached.
    /// </summary>
    [Fact]
    public void EditingOneOperationReemitsOnlyItsFiles()
    {
        var result = Edit(WholeApi, WholeApi.Replace("\"path\": \"/tenants/{tenant}/models\",", "\"description\": \"Lists models.\", \"path\": \"/tenants/{tenant}/models\","));
        var reemitted = Reemitted(result);
        Assert.Equal(new[]
        {
            "Acme.Inference.AcmeInferenceClient.ListModels.operation.g.cs",
            "Acme.Inference.AcmeInferenceContract.ListModels.operation.g.cs",
            "Acme.Inference.AcmeInferenceContract.g.cs",
            "Acme.Inference.AcmeInferenceSerializer.ListModels.operation.g.cs",
            "Acme.Inference.AcmeInferenceValidator.ListModels.operation.g.cs",
        }, reemitted.OrderBy(h => h, StringComparer.Ordinal));
    }

    /// <summary>Editing a type re-emits that type's files, and no operation's.</summary>
    [Fact]
    public void EditingOneTypeReemitsOnlyItsFiles()
    {
        var result = Edit(WholeApi, WholeApi.Replace("\"top_k\": { \"type\": \"integer\", \"minimum\": 1 }", "\"top_k\": { \"type\": \"integer\", \"minimum\": 1, \"description\": \"How many.\" }"));
        Assert.Equal(new[]
        {
            "Acme.Inference.AcmeInferenceContract.g.cs",
            "Acme.Inference.AcmeInferenceSerializer.TextClassificationParameters.g.cs",
            "Acme.Inference.AcmeInferenceValidator.TextClassificationParameters.g.cs",
            "Acme.Inference.TextClassificationParameters.g.cs",
        }, Reemitted(result).OrderBy(h => h, StringComparer.Ordinal));
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
