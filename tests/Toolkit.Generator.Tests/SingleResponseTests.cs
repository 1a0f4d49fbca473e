using System.Linq;
using Microsoft.CodeAnalysis;
using Toolkit.Generator.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>
/// <c>"single": true</c> on an array response: the client method returns the element (read through the generated
/// array reader and the runtime's one unwrapping), while the contract keeps the array as sent.
/// </summary>
public sealed class SingleResponseTests
{
    private static readonly string Spec = DiagnosticsTests.Minimal.Replace(
        "\"response\": { \"type\": \"object\", \"properties\": { \"ok\": { \"type\": \"boolean\", \"required\": true } } }",
        "\"response\": { \"type\": \"array\", \"single\": true, \"items\": { \"type\": \"object\", \"typeName\": \"Summary\", \"properties\": { \"text\": { \"type\": \"string\", \"required\": true } } } }");

    [Fact]
    public void TheMethodReturnsTheElementAndTheContractTheArray()
    {
        Assert.NotEqual(DiagnosticsTests.Minimal, Spec);
        var (result, output) = GeneratorHarness.Run(("/specs/demo.json", Spec));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));

        var client = output.GetTypeByMetadataName("Demo.Api.DemoClient")!;
        var methods = client.GetMembers("RunAsync").OfType<IMethodSymbol>().ToList();
        Assert.NotEmpty(methods);
        Assert.All(methods, m => Assert.Equal("System.Threading.Tasks.Task<Demo.Api.Summary>", m.ReturnType.ToDisplayString()));

        var source = string.Join("\n", result.Results.Single().GeneratedSources.Select(s => s.SourceText.ToString()));
        Assert.Contains("global::Toolkit.Runtime.Json.JsonReading.SingleElement(", source);
        // The serializer still reads and writes the wire's array.
        var serializer = output.GetTypeByMetadataName("Demo.Api.DemoSerializer")!;
        Assert.Equal("System.Collections.Generic.IReadOnlyList<Demo.Api.Summary>",
            serializer.GetMembers().OfType<IMethodSymbol>().Single(m => m.Name.StartsWith("Deserialize") && m.Name.EndsWith("Response") && m.Parameters.Length == 1 && m.Parameters[0].Type.ToDisplayString() == "System.ReadOnlyMemory<byte>").ReturnType.ToDisplayString());
    }
}
