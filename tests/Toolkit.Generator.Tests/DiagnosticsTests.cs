using System.Linq;
using Microsoft.CodeAnalysis;
using Toolkit.Generator.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>One test per kind of spec error: the id, and the line and column in the spec file.</summary>
public sealed class DiagnosticsTests
{
    internal const string Minimal = """
        {
          "name": "demo",
          "version": "1.0.0",
          "namespace": "Demo.Api",
          "operation": "run",
          "request": { "method": "POST", "path": "/run", "baseUrl": "https://example.test" },
          "payload": {
            "inputs": { "type": "string", "required": true, "description": "The input." }
          },
          "response": { "type": "object", "properties": { "ok": { "type": "boolean", "required": true } } }
        }
        """;

    [Fact]
    public void MinimalSpecIsValidAndCompiles()
    {
        var (result, output) = GeneratorHarness.Run(("/specs/demo.json", Minimal));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
    }

    [Fact]
    public void InvalidJson() => AssertDiagnostic(Minimal.Replace("\"version\": \"1.0.0\",", "\"version\": \"1.0.0\", oops"), "TK0001", "oops");

    [Fact]
    public void MissingVersion()
    {
        var diagnostic = AssertDiagnostic(Minimal.Replace("  \"version\": \"1.0.0\",\n", ""), "TK0002", "{");
        Assert.Contains("'version'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void InvalidVersion() => AssertDiagnostic(Minimal.Replace("\"1.0.0\"", "\"1.0\""), "TK0003", "\"1.0\"");

    [Fact]
    public void UnknownType() => AssertDiagnostic(Minimal.Replace("\"type\": \"string\"", "\"type\": \"float\""), "TK0004", "\"float\"");

    [Fact]
    public void DuplicateField()
        => AssertDiagnostic(
            Minimal.Replace("\"inputs\": { \"type\": \"string\", \"required\": true, \"description\": \"The input.\" }",
                "\"inputs\": { \"type\": \"string\" },\n    \"inputs\": { \"type\": \"number\" }"),
            "TK0005", "\"inputs\": { \"type\": \"number\"");

    [Fact]
    public void NameThatCannotBeAnIdentifier()
        => AssertDiagnostic(Minimal.Replace("\"inputs\": {", "\"inputs\": { \"property\": \"1st\","), "TK0006", "\"1st\"");

    [Fact]
    public void EmptyEnum()
        => AssertDiagnostic(Minimal.Replace("\"type\": \"string\", \"required\": true", "\"type\": \"enum\", \"values\": [], \"required\": true"), "TK0007", "[]");

    [Fact]
    public void MinimumAboveMaximum()
        => AssertDiagnostic(Minimal.Replace("\"type\": \"string\", \"required\": true", "\"type\": \"number\", \"minimum\": 2, \"maximum\": 1"), "TK0008", "2,");

    [Fact]
    public void UnknownKey()
    {
        var diagnostic = AssertDiagnostic(Minimal.Replace("\"description\": \"The input.\"", "\"descripton\": \"The input.\""), "TK0009", "\"descripton\"");
        Assert.Contains("Did you mean 'description'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void InvalidValue() => AssertDiagnostic(Minimal.Replace("\"required\": true, \"description\"", "\"required\": \"yes\", \"description\""), "TK0010", "\"yes\"");

    [Fact]
    public void TwoFieldsWithTheSameCSharpName()
        => AssertDiagnostic(
            Minimal.Replace("\"inputs\": { \"type\": \"string\", \"required\": true, \"description\": \"The input.\" }",
                "\"mask_threshold\": { \"type\": \"number\" },\n    \"maskThreshold\": { \"type\": \"number\" }"),
            "TK0011", "\"maskThreshold\"");

    [Fact]
    public void PathParameterNotDefined()
        => AssertDiagnostic(Minimal.Replace("\"path\": \"/run\"", "\"path\": \"/run/{model}\""), "TK0012", "\"/run/{model}\"");

    [Fact]
    public void AnOpenApiDocumentListedAsASpecSaysHowToImportIt()
        => AssertDiagnostic("{\n  \"openapi\": \"3.0.3\",\n  \"info\": { \"title\": \"x\", \"version\": \"1\" },\n  \"paths\": {}\n}", "TK0016", "\"openapi\"");

    private static string TwoObjects(string first, string second, string union = "")
        => Minimal.Replace("\"ok\": { \"type\": \"boolean\", \"required\": true }",
            "\"ok\": { \"type\": \"boolean\", \"required\": true }, \"shape\": { \"type\": \"union\"" + union + ", \"variants\": ["
            + "{ \"type\": \"object\"" + first + ", \"properties\": { \"radius\": { \"type\": \"number\", \"required\": true } } }, "
            + "{ \"type\": \"object\"" + second + ", \"properties\": { \"side\": { \"type\": \"number\", \"required\": true } } }] }");

    [Fact]
    public void ObjectVariantsToldApartByMarkersOrTagsCompile()
    {
        foreach (var spec in new[] { TwoObjects(", \"marker\": \"radius\"", ", \"marker\": \"side\""), TwoObjects(", \"marker\": \"radius\"", ""),
                     TwoObjects(", \"tag\": \"circle\"", ", \"tag\": \"square\"", ", \"discriminator\": \"kind\"") })
        {
            var (result, output) = GeneratorHarness.Run(("/specs/demo.json", spec));
            Assert.Empty(result.Diagnostics);
            Assert.Empty(GeneratorHarness.CompileErrors(output));
        }
    }

    [Fact]
    public void TwoObjectVariantsWithNothingToTellThemApartAreAnError()
        => AssertDiagnostic(TwoObjects("", ""), "TK0010", "{ \"type\": \"object\", \"properties\": { \"side\"");

    [Fact]
    public void ATagWithoutADiscriminatorIsAnError()
        => AssertDiagnostic(TwoObjects(", \"tag\": \"circle\"", ", \"marker\": \"side\""), "TK0010", "\"circle\"");

    [Fact]
    public void ADiscriminatedObjectVariantWithoutATagIsAnError()
        => AssertDiagnostic(TwoObjects(", \"tag\": \"circle\"", "", ", \"discriminator\": \"kind\""), "TK0002", "{ \"type\": \"object\", \"properties\": { \"side\"");

    [Fact]
    public void UnknownFormat()
        => AssertDiagnostic(Minimal.Replace("\"type\": \"string\", \"required\"", "\"type\": \"string\", \"format\": \"ipv4\", \"required\""), "TK0013", "\"ipv4\"");

    [Fact]
    public void AnUnknownIntegerWidthSaysWhichWidthsThereAre()
    {
        var diagnostic = AssertDiagnostic(Minimal.Replace("\"ok\": { \"type\": \"boolean\"", "\"ok\": { \"type\": \"integer\", \"format\": \"int128\""), "TK0013", "\"int128\"");
        Assert.Contains("\"uint64\" (ulong); none is long", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ADefaultOutsideTheIntegersWidthIsAnError()
        => AssertDiagnostic(Minimal.Replace("\"ok\": { \"type\": \"boolean\", \"required\": true }", "\"ok\": { \"type\": \"integer\", \"format\": \"int32\", \"default\": 2147483648 }"), "TK0010", "2147483648");

    [Fact]
    public void TwoFilesWithTheSameNameAndVersionAreReportedNotCrashed()
    {
        var (result, _) = GeneratorHarness.Run(("/specs/a.json", Minimal), ("/specs/b.json", Minimal));
        var duplicate = Assert.Single(result.Diagnostics, d => d.Id == "TK0103");
        Assert.Equal("/specs/b.json", duplicate.Location.GetLineSpan().Path);
        Assert.Equal(2, duplicate.Location.GetLineSpan().StartLinePosition.Line); // the "version" key
        Assert.Null(result.Results.Single().Exception);
    }

    [Fact]
    public void TwoSpecsGeneratingTheSameTypesAreReportedNotCrashed()
    {
        var other = Minimal.Replace("\"name\": \"demo\"", "\"name\": \"other\"")
            .Replace("\"response\": { \"type\": \"object\",", "\"response\": { \"type\": \"object\", \"typeName\": \"DemoResponse\",");
        var (result, output) = GeneratorHarness.Run(("/specs/a.json", Minimal), ("/specs/b.json", other));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("TK0011", diagnostic.Id);
        Assert.Equal("/specs/b.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Null(result.Results.Single().Exception);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
    }

    /// <summary>Asserts exactly one diagnostic with <paramref name="id"/>, at the first occurrence of <paramref name="marker"/>.</summary>
    /// <summary>"single" unwraps a one-element array: on an object response it is an error at the key, saying what the response is.</summary>
    [Fact]
    public void SingleOnAResponseThatIsNotAnArray()
    {
        var diagnostic = AssertDiagnostic(Minimal.Replace("\"response\": { \"type\": \"object\",", "\"response\": { \"type\": \"object\", \"single\": true,"), "TK0017", "\"single\"");
        Assert.Contains("a response of type 'object'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void SingleThatIsNotABoolean()
        => AssertDiagnostic(Minimal.Replace("\"response\": { \"type\": \"object\", \"properties\": { \"ok\": { \"type\": \"boolean\", \"required\": true } } }",
            "\"response\": { \"type\": \"array\", \"single\": \"yes\", \"items\": { \"type\": \"boolean\" } }"), "TK0010", "\"yes\"");

    private static Diagnostic AssertDiagnostic(string spec, string id, string marker)
    {
        Assert.NotEqual(Minimal, spec);
        var (result, _) = GeneratorHarness.Run(("/specs/demo.json", spec));
        Assert.Null(result.Results.Single().Exception);
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal("/specs/demo.json", span.Path);
        var offset = spec.IndexOf(marker, System.StringComparison.Ordinal);
        Assert.True(offset >= 0, "marker not found: " + marker);
        var line = spec.Take(offset).Count(c => c == '\n');
        var column = offset - (spec.LastIndexOf('\n', System.Math.Max(0, offset - 1)) + 1);
        if (offset == 0) column = 0;
        Assert.Equal((line, column), (span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.Empty(result.Results.Single().GeneratedSources);
        return diagnostic;
    }
}
