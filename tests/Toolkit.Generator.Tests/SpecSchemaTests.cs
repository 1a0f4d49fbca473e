using System.IO;
using System.Linq;
using System.Threading.Tasks;
using NJsonSchema;
using Toolkit.Generator.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>specs/spec.schema.json (what editors validate with) agrees with the generator on what a valid spec is.</summary>
public sealed class SpecSchemaTests
{
    private static Task<JsonSchema> Schema() => JsonSchema.FromFileAsync(Path.Combine(TestPaths.RepoRoot, "specs", "spec.schema.json"));

    [Fact]
    public async Task EveryShippedSpecValidatesAgainstTheSchema()
    {
        var schema = await Schema();
        var specs = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "specs"), "*.json", SearchOption.AllDirectories)
            .Where(p => !p.EndsWith(".schema.json") && !p.EndsWith(".overlay.json"))
            .ToList();
        Assert.NotEmpty(specs);
        foreach (var spec in specs)
        {
            var errors = schema.Validate(File.ReadAllText(spec));
            Assert.True(errors.Count == 0, spec + ": " + string.Join("; ", errors.Select(e => e.ToString())));
        }
        Assert.Empty(schema.Validate(DiagnosticsTests.Minimal));
    }

    [Fact]
    public async Task EveryShippedOverlayValidatesAgainstTheOverlaySchema()
    {
        var schema = await JsonSchema.FromFileAsync(Path.Combine(TestPaths.RepoRoot, "specs", "overlay.schema.json"));
        var overlays = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "specs"), "*.overlay.json", SearchOption.AllDirectories);
        Assert.NotEmpty(overlays);
        foreach (var overlay in overlays)
        {
            var errors = schema.Validate(File.ReadAllText(overlay));
            Assert.True(errors.Count == 0, overlay + ": " + string.Join("; ", errors.Select(e => e.ToString())));
        }
        // And the schema refuses what the generator refuses: an action without its reason.
        Assert.NotEmpty(schema.Validate("""{ "overlay": "1.0.0", "extends": "a.json", "actions": [ { "target": "/x", "remove": true } ] }"""));
    }

    [Fact]
    public async Task TheWholeApiKitchenSinkValidatesAgainstTheSchema()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "Toolkit.Runtime.Tests", "Specs", "whole-api.json"));
        var errors = (await Schema()).Validate(text);
        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => e.ToString())));
        var (result, _) = GeneratorHarness.Run(("/specs/whole-api.json", text));
        Assert.Empty(result.Diagnostics);
        // What the generator refuses in format 2, the schema refuses too: an operation without a path.
        var broken = text.Replace("\"path\": \"/pipeline/feature-extraction/{model}\",", "");
        Assert.NotEmpty((await Schema()).Validate(broken));
        Assert.Contains(GeneratorHarness.Run(("/specs/whole-api.json", broken)).Result.Diagnostics, d => d.Id == "TK0002");
    }

    /// <summary>Every integer width (the integer policy), in fields and query parameters, is valid for both; an unknown one for neither.</summary>
    [Fact]
    public async Task TheIntegerWidthsAreValidForTheSchemaAndTheGenerator()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "Toolkit.Runtime.Tests", "Specs", "integers.json"));
        var errors = (await Schema()).Validate(text);
        Assert.True(errors.Count == 0, string.Join("; ", errors.Select(e => e.ToString())));
        Assert.Empty(GeneratorHarness.Run(("/specs/integers.json", text)).Result.Diagnostics);
        var wrong = text.Replace("\"format\": \"uint32\"", "\"format\": \"uint16\"");
        Assert.NotEmpty((await Schema()).Validate(wrong));
        Assert.Contains(GeneratorHarness.Run(("/specs/integers.json", wrong)).Result.Diagnostics, d => d.Id == "TK0013");
    }

    [Theory]
    [InlineData("\"descripton\": \"The input.\"")]
    [InlineData("\"description\": \"The input.\", \"format\": \"ipv4\"")]
    [InlineData("\"description\": \"The input.\", \"type\": \"float\"")]
    public async Task SpecsTheGeneratorRejectsTheSchemaRejectsToo(string replacement)
    {
        var spec = DiagnosticsTests.Minimal.Replace("\"description\": \"The input.\"", replacement);
        if (replacement.Contains("float")) spec = spec.Replace("\"type\": \"string\", \"required\": true, ", "\"required\": true, ");
        var (result, _) = GeneratorHarness.Run(("/specs/demo.json", spec));
        Assert.NotEmpty(result.Diagnostics);
        Assert.NotEmpty((await Schema()).Validate(spec));
    }
}
