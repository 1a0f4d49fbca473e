using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Toolkit.Generator.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>Specs other than image segmentation: every type and option of the format compiles without a warning.</summary>
public sealed class GeneralSpecTests
{
    /// <summary>The runtime tests' spec with every feature of the format: compiled here under the strictest settings.</summary>
    private static string KitchenSink => File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "Toolkit.Runtime.Tests", "Specs", "kitchen-sink.json"));

    [Fact]
    public void AWholeApiOfThousandsOfPartsIsOneFileAndCompiles()
    {
        // 700 definitions: a type each, and their serializer code in one class; one file for the spec, whatever its size.
        var definitions = string.Join(",\n", Enumerable.Range(0, 700).Select(i =>
            $"\"thing{i}\": {{ \"type\": \"object\", \"properties\": {{ \"id\": {{ \"type\": \"string\", \"required\": true }}, \"next\": {{ \"ref\": \"thing{(i + 1) % 700}\" }} }} }}"));
        var spec = "{ \"name\": \"big\", \"version\": \"1.0.0\", \"namespace\": \"Big.Api\", \"baseUrl\": \"https://big.test\",\n"
                   + "\"definitions\": {\n" + definitions + "\n},\n"
                   + "\"operations\": { \"get-thing\": { \"method\": \"GET\", \"path\": \"/things\", \"response\": { \"ref\": \"thing0\" } } } }";
        var (result, output) = GeneratorHarness.Run(("/specs/big.json", spec));
        Assert.Empty(result.Diagnostics);
        var units = Emit.Emitter.Plan(((Parsing.SpecParser.Parse("/specs/big.json", spec, null, default)).Value)!);
        Assert.True(units.Count > 700, $"{units.Count} units");
        var file = Assert.Single(result.GeneratedTrees);
        Assert.EndsWith("Big.Api.big.1.0.0.g.cs", file.FilePath);
        // The header is written once, not once a part.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(file.ToString(), "#nullable enable"));
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        Assert.NotNull(output.GetTypeByMetadataName("Big.Api.Thing699"));
    }

    [Fact]
    public void KitchenSinkSpecCompilesWithoutWarnings()
    {
        var (result, output) = GeneratorHarness.Run(("/specs/sink.json", KitchenSink));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        var client = output.GetTypeByMetadataName("Acme.Sink.V2.KitchenSinkClient")!;
        var methods = client.GetMembers("ClassifyTextAsync").OfType<IMethodSymbol>().ToList();
        Assert.Equal(2, methods.Count); // fields as arguments, and the whole request; no raw body, so no stream/file overloads
        var options = output.GetTypeByMetadataName("Acme.Sink.V2.KitchenSinkClientOptions")!;
        foreach (var name in new[] { "ApiKey", "DebugMode", "Version", "ItemId", "BaseAddress" }) Assert.NotEmpty(options.GetMembers(name));
        Assert.Empty(options.GetMembers("LoadingRetry")); // no loading status declared
        var language = output.GetTypeByMetadataName("Acme.Sink.V2.KitchenSinkLanguage")!;
        Assert.NotEmpty(language.GetMembers("UnknownValue")); // "unknown" is a real value, so the fallback is renamed
    }

    [Fact]
    public void UnionVariantDocsAreXmlNotEscapedTwice()
    {
        var (result, _) = GeneratorHarness.Run(("/specs/sink.json", KitchenSink));
        var union = GeneratorHarness.TypeSource(result, "SinkInputs");
        Assert.Contains("(<c>AsText</c>)", union);
        Assert.DoesNotContain("&lt;c&gt;", union);
    }

    [Fact]
    public void UsingTheGeneratedKitchenSinkCompiles()
    {
        const string usage = """
            using System.Threading.Tasks;
            using Acme.Sink.V2;
            namespace Consumer
            {
                /// <summary>Uses the client.</summary>
                public static class Use
                {
                    /// <summary>Calls it.</summary>
                    public static async Task<SinkResult> Run(System.Net.Http.HttpClient http)
                    {
                        var client = new KitchenSinkClient(http, new KitchenSinkClientOptions { ApiKey = "k", ItemId = "a/b" });
                        _ = await client.ClassifyTextAsync("hello"); // the required fields only: optional ones live on the request
                        var result = await client.ClassifyTextAsync(new KitchenSinkRequest { Text = "hello", TopK = 3, Filters = new[] { new SinkFilter { Field = "f", Op = KitchenSinkOp.InSet, Value = null } } },
                            options: new KitchenSinkRequestOptions { Retries = 2, Temperature = 0.5 });
                        foreach (var s in result.Scores) { _ = s.Label; _ = s.Kind; }
                        long? count = result.Count;
                        SinkInputs inputs = "text";
                        inputs = SinkInputs.FromTextList(new[] { "a" });
                        _ = inputs.AsSinkDocument?.Url;
                        if (result.Metadata is { } metadata) foreach (var pair in metadata) _ = pair.Value.ValueKind;
                        _ = count;
                        var json = KitchenSinkSerializer.SerializeResponse(result);
                        return KitchenSinkSerializer.DeserializeResponse(json);
                    }
                }
            }
            """;
        var (result, output) = GeneratorHarness.Run(("/specs/sink.json", KitchenSink));
        Assert.Empty(result.Diagnostics);
        var withUsage = output.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(usage, GeneratorHarness.ParseOptions, path: "Use.cs"));
        Assert.Empty(GeneratorHarness.CompileErrors(withUsage));
    }
}
