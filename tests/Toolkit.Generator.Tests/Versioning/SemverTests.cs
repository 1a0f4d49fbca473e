using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Toolkit.Generator.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Generator.Tests.Versioning;

/// <summary>Several versions of one spec in a project: where their code goes, and semver enforced at compile time.</summary>
public class SemverTests
{
    private static string Version(string version, string spec = DiffSpecs.Base) => spec.Replace("\"version\": \"1.0.0\"", $"\"version\": \"{version}\"");

    private static int LineOf(string text, string marker) => text[..text.IndexOf(marker, StringComparison.Ordinal)].Count(c => c == '\n');

    [Fact]
    public void TwoVersionsLiveSideBySideTheOldestInThePlainNamespace()
    {
        var v2 = Version("2.0.0", DiffSpecs.Base.Replace("\"top_k\": { \"type\": \"integer\" },", ""));
        var (result, output) = GeneratorHarness.Run(("/specs/demo/1.0.0.json", DiffSpecs.Base), ("/specs/demo/2.0.0.json", v2));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        Assert.NotEmpty(output.GetTypeByMetadataName("Demo.Api.DemoParameters")!.GetMembers("TopK"));
        Assert.Empty(output.GetTypeByMetadataName("Demo.Api.V2.DemoParameters")!.GetMembers("TopK"));
        Assert.Null(output.GetTypeByMetadataName("Demo.Api.V1.DemoClient"));
    }

    /// <summary>
    /// Code written against 1.0.0 keeps compiling when 2.0.0 is added: the only new diagnostic is the semver report
    /// (here TK0101, a breaking change published as a minor version), not a flood of unresolved names.
    /// </summary>
    [Fact]
    public void AddingAVersionLeavesCodeThatCompiledCompilingSoTheSemverReportStandsAlone()
    {
        var user = "namespace Consumer { internal static class Use { internal static Demo.Api.DemoClient? Client() => null; internal static long? TopK(Demo.Api.DemoParameters p) => p.TopK; } }";
        var v11 = Version("1.1.0", DiffSpecs.Base.Replace("\"top_k\": { \"type\": \"integer\" },", ""));
        var compilation = GeneratorHarness.CreateCompilation(user);
        var driver = GeneratorHarness.CreateDriver(new Microsoft.CodeAnalysis.AdditionalText[]
        {
            new InMemoryAdditionalText("/specs/demo/1.0.0.json", DiffSpecs.Base), new InMemoryAdditionalText("/specs/demo/1.1.0.json", v11),
        });
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Equal("TK0101", Assert.Single(diagnostics).Id);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
    }

    [Fact]
    public void SameMajorVersionsGetMinorNamespaces()
    {
        var v11 = Version("1.1.0", DiffSpecs.Base.Replace("\"top_k\": { \"type\": \"integer\" },", "\"top_k\": { \"type\": \"integer\" }, \"seed\": { \"type\": \"integer\" },"));
        var (result, output) = GeneratorHarness.Run(("/specs/a.json", DiffSpecs.Base), ("/specs/b.json", v11));
        Assert.Empty(result.Diagnostics);
        Assert.NotNull(output.GetTypeByMetadataName("Demo.Api.DemoClient"));
        Assert.NotNull(output.GetTypeByMetadataName("Demo.Api.V1_1.DemoClient"));
    }

    [Fact]
    public void LatestOnlyGeneratesTheHighestVersionInItsOwnNamespace()
    {
        var v2 = Version("2.0.0", DiffSpecs.Base.Replace("\"top_k\": { \"type\": \"integer\" },", ""));
        var (result, output) = GeneratorHarness.RunWithVersions("latest", ("/specs/demo/2.0.0.json", v2), ("/specs/demo/1.0.0.json", DiffSpecs.Base));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        Assert.Empty(output.GetTypeByMetadataName("Demo.Api.DemoParameters")!.GetMembers("TopK"));
        Assert.Null(output.GetTypeByMetadataName("Demo.Api.V1.DemoClient"));
    }

    [Fact]
    public void ABreakingChangeWithoutAMajorBumpIsAnErrorAtTheChangedFieldsLine()
    {
        var v11 = Version("1.1.0", DiffSpecs.Base.Replace("\"top_k\": { \"type\": \"integer\" }", "\"top_k\": { \"type\": \"string\" }"));
        var (result, _) = GeneratorHarness.Run(("/specs/demo/1.0.0.json", DiffSpecs.Base), ("/specs/demo/1.1.0.json", v11));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("TK0101", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        var span = d.Location.GetLineSpan();
        Assert.Equal("/specs/demo/1.1.0.json", span.Path);
        Assert.Equal(LineOf(v11, "\"top_k\""), span.StartLinePosition.Line);
        Assert.Contains("TKD006 type-changed", d.GetMessage());
        Assert.Contains("1.0.0 → 1.1.0", d.GetMessage());
        Assert.Contains("from integer to string", d.GetMessage());
    }

    [Fact]
    public void ARemovedFieldIsReportedAtItsFormerParent()
    {
        var v101 = Version("1.0.1", DiffSpecs.Base.Replace("\"top_k\": { \"type\": \"integer\" },", ""));
        var (result, _) = GeneratorHarness.Run(("/specs/demo/1.0.0.json", DiffSpecs.Base), ("/specs/demo/1.0.1.json", v101));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("TK0101", d.Id);
        Assert.Equal(LineOf(v101, "\"properties\""), d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("payload.parameters.top_k", d.GetMessage());
    }

    [Fact]
    public void TheSemverCheckSeesTheCorrectedSpecAndPlacesTheChangeInTheOverlay()
    {
        var v101 = Version("1.0.1", DiffSpecs.Base);
        var overlay = """
            {
              "overlay": "1.0.0",
              "extends": "1.0.1.json",
              "actions": [
                { "target": "/payload/parameters/properties/top_k", "remove": true, "reason": "Gone." },
                { "target": "/payload/parameters/properties", "update": { "top_n": { "type": "integer", "required": true } }, "reason": "Renamed." }
              ]
            }
            """;
        var (result, _) = GeneratorHarness.Run(("/specs/demo/1.0.0.json", DiffSpecs.Base), ("/specs/demo/1.0.1.json", v101), ("/specs/demo/1.0.1.overlay.json", overlay));
        var breaking = result.Diagnostics.Where(d => d.Id == "TK0101").ToList();
        Assert.Contains(breaking, d => d.GetMessage().Contains("TKD001"));
        // The field the overlay added is placed where the overlay wrote it.
        var added = Assert.Single(breaking, d => d.GetMessage().Contains("TKD002"));
        Assert.Equal("/specs/demo/1.0.1.overlay.json", added.Location.GetLineSpan().Path);
        Assert.Equal(LineOf(overlay, "\"top_n\""), added.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void AWarningLevelChangeWithoutAMinorBumpIsAWarning()
    {
        var v101 = Version("1.0.1", DiffSpecs.Base.Replace("\"default\": 0.5", "\"default\": 0.7"));
        var (result, output) = GeneratorHarness.Run(("/specs/demo/1.0.0.json", DiffSpecs.Base), ("/specs/demo/1.0.1.json", v101));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("TK0102", d.Id);
        Assert.Equal(DiagnosticSeverity.Warning, d.Descriptor.DefaultSeverity); // the harness compiles with warnings as errors
        Assert.Equal(LineOf(v101, "\"default\""), d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
    }

    [Theory]
    [InlineData("1.1.0")] // a warning-level change with a minor bump
    [InlineData("2.0.0")]
    public void ProperBumpsAreQuiet(string version)
    {
        var changed = Version(version, DiffSpecs.Base.Replace("\"default\": 0.5", "\"default\": 0.7"));
        Assert.Empty(GeneratorHarness.Run(("/specs/demo/a.json", DiffSpecs.Base), ("/specs/demo/b.json", changed)).Result.Diagnostics);
    }

    [Fact]
    public void BelowOneAMinorBumpMayBreak()
    {
        var v01 = Version("0.1.0");
        var v02 = Version("0.2.0", DiffSpecs.Base.Replace("\"top_k\": { \"type\": \"integer\" },", ""));
        var v021 = Version("0.2.1", DiffSpecs.Base.Replace("\"top_k\": { \"type\": \"integer\" },", "").Replace("\"mode\": { \"type\": \"enum\", \"values\": [\"fast\", \"slow\"] },", ""));
        var result = GeneratorHarness.Run(("/specs/a.json", v01), ("/specs/b.json", v02), ("/specs/c.json", v021)).Result;
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("TK0101", d.Id);
        Assert.Equal("/specs/c.json", d.Location.GetLineSpan().Path);
    }

    [Fact]
    public void AnUnknownVersionsPropertyIsReported()
    {
        var d = Assert.Single(GeneratorHarness.RunWithVersions("newest", ("/specs/a.json", DiffSpecs.Base)).Result.Diagnostics);
        Assert.Equal("TK0010", d.Id);
        Assert.Contains("ToolkitSpecVersions", d.GetMessage());
    }
}
