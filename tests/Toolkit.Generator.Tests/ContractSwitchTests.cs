using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Toolkit.Generator.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>
/// Contracts (the spec as data for replay and verification) are test machinery: they are generated only when the
/// project references Toolkit.Testing, so a production client carries none of it.
/// </summary>
public sealed class ContractSwitchTests
{
    [Fact]
    public void WithoutToolkitTestingNoContractIsGeneratedAndTheClientStillCompiles()
    {
        var testing = typeof(Toolkit.Testing.Contracts.IApiContract).Assembly.Location;
        var compilation = GeneratorHarness.CreateCompilation("namespace Consumer { internal static class Placeholder { } }");
        compilation = compilation.RemoveReferences(compilation.References.Where(r => r.Display == testing));
        Assert.DoesNotContain(compilation.References, r => Path.GetFileNameWithoutExtension(r.Display) == "Toolkit.Testing");

        var driver = GeneratorHarness.CreateDriver(new[] { new InMemoryAdditionalText(TestPaths.ImageSegmentationSpecPath, TestPaths.ImageSegmentationSpec) });
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);

        var text = string.Concat(driver.GetRunResult().GeneratedTrees.Select(t => t.ToString()));
        Assert.Contains("class ImageSegmentationClient", text);
        Assert.DoesNotContain("Contract", text);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
    }

    [Fact]
    public void WithToolkitTestingEachSpecHasItsContract()
    {
        var (result, output) = GeneratorHarness.Run((TestPaths.ImageSegmentationSpecPath, TestPaths.ImageSegmentationSpec));
        Assert.Contains("IApiContract", GeneratorHarness.TypeSource(result, "ImageSegmentationContract"));
        Assert.Empty(GeneratorHarness.CompileErrors(output));
    }
}
