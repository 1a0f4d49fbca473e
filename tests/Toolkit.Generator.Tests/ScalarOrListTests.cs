using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Toolkit.Generator.Tests.Infrastructure;
using Toolkit.Generator.Versioning;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>
/// A required request field that is a scalar or a list of it (TEI's <c>inputs</c>: <c>oneOf [string, array of
/// string]</c>) gives the convenience method an overload for each form, and the union converts from a value, an
/// array and a List, so neither a call nor a request object has to name the union.
/// </summary>
public sealed class ScalarOrListTests
{
    private const string Api = """
        {
          "name": "embeddings",
          "version": "1.0.0",
          "namespace": "Embeddings.Api",
          "baseUrl": "https://example.test",
          "operations": {
            "embed": {
              "method": "POST",
              "path": "/embed",
              "payload": {
                "inputs": { "type": "union", "required": true, "typeName": "Input", "variants": [ { "type": "string" }, { "type": "array", "items": { "type": "string" } } ] },
                "truncate": { "type": "boolean" }
              },
              "response": { "type": "array", "items": { "type": "array", "items": { "type": "number" } } }
            }
          }
        }
        """;

    private const string Caller = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Embeddings.Api;
        namespace Consumer
        {
            internal static class Calls
            {
                public static async Task Run(EmbeddingsClient client)
                {
                    await client.EmbedAsync("one text");
                    await client.EmbedAsync(new[] { "a", "b" });
                    IReadOnlyList<string> texts = new List<string> { "c" };
                    await client.EmbedAsync(texts);
                    await client.EmbedAsync(new EmbedRequest { Inputs = "one", Truncate = true });
                    await client.EmbedAsync(new EmbedRequest { Inputs = new[] { "a", "b" } });
                    await client.EmbedAsync(new EmbedRequest { Inputs = new List<string> { "a" } });
                }
            }
        }
        """;

    [Fact]
    public void TheConvenienceMethodTakesTheValueOrAListAndTheUnionConvertsFromBoth()
    {
        var (result, output) = GeneratorHarness.Run(("/specs/embeddings.json", Api));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));

        var client = output.GetTypeByMetadataName("Embeddings.Api.EmbeddingsClient")!;
        var firsts = client.GetMembers("EmbedAsync").OfType<IMethodSymbol>().Select(m => m.Parameters[0].Type.ToDisplayString()).OrderBy(t => t, System.StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "Embeddings.Api.EmbedRequest", "System.Collections.Generic.IReadOnlyList<string>", "string" }, firsts);

        var withCaller = output.AddSyntaxTrees(CSharpSyntaxTree.ParseText(Caller, GeneratorHarness.ParseOptions, path: "Caller.cs"));
        Assert.Empty(GeneratorHarness.CompileErrors(withCaller));
    }

    /// <summary>The surface rules read the scalar form's overload: a field that becomes "it or a list of it" moves no parameter.</summary>
    [Fact]
    public void AScalarThatBecomesScalarOrListMovesNoParameter()
    {
        var before = Api.Replace("""{ "type": "union", "required": true, "typeName": "Input", "variants": [ { "type": "string" }, { "type": "array", "items": { "type": "string" } } ] }""",
            """{ "type": "string", "required": true }""");
        Assert.NotEqual(Api, before);
        static System.Collections.Generic.IReadOnlyList<(string, string)> Parameters(string text)
        {
            var spec = Versioning.DiffSpecs.Parse(text);
            return Emit.ClientEmitter.ConvenienceParameters(spec, spec.Operations.Single(), spec.Objects.Single(o => o.Name == "EmbedRequest"));
        }
        Assert.Equal(Parameters(before), Parameters(Api));
        Assert.Equal(("inputs", "string"), Parameters(Api)[0]);
        // The property's type did change (reading it into a string stops compiling): the diff still says so.
        Assert.Contains(SpecDiff.Compare(Versioning.DiffSpecs.Parse(before), Versioning.DiffSpecs.Parse(Api)), c => c.Surface is { } s && s.Member.Contains("Inputs"));
    }
}
