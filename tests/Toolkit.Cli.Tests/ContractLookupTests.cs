using System;
using System.IO;
using Toolkit.Cli.Specs;
using Xunit;

namespace Toolkit.Cli.Tests;

/// <summary>
/// The CLI finds an operation's contract by the names the generator gave it (the spec's model), not by guessing
/// them again: an operation whose "name" is not the PascalCase of its key is found by key and by method name.
/// </summary>
public sealed class ContractLookupTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "toolkit-lookup-" + Guid.NewGuid().ToString("N"));

    public ContractLookupTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Spec()
    {
        var path = Path.Combine(_dir, "lookup.json");
        File.WriteAllText(path, """
            { "name": "lookup", "version": "1.0.0", "namespace": "Lookup.Api", "baseUrl": "https://lookup.test",
              "operations": {
                "text-classification": { "name": "Classify", "method": "POST", "path": "/classify",
                  "payload": { "inputs": { "type": "string", "required": true } },
                  "response": { "type": "object", "properties": { "label": { "type": "string" } } } },
                "ping": { "method": "GET", "path": "/ping", "response": { "type": "object", "properties": { "ok": { "type": "boolean" } } } } } }
            """);
        return path;
    }

    [Theory]
    [InlineData("text-classification")]
    [InlineData("Classify")]
    [InlineData("classify")]
    public void AnOperationNamedApartFromItsKeyIsFoundByKeyOrMethodName(string operation)
    {
        var (contract, errors) = SpecCompiler.Compile(Spec(), operation);
        Assert.True(contract is not null, string.Join("\n", errors));
        Assert.Equal("text-classification", contract!.OperationName);
        var (all, problems) = SpecCompiler.CompileOperations(Spec(), operation);
        Assert.True(all is not null, string.Join("\n", problems));
        Assert.Equal(2, all!.Count);
    }

    [Fact]
    public void AnUnknownOperationListsTheMethodNames()
    {
        var (contract, errors) = SpecCompiler.Compile(Spec(), "TextClassification");
        Assert.Null(contract);
        Assert.Contains("Operations: Classify, Ping.", Assert.Single(errors));
    }
}
