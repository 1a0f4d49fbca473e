using System.Linq;
using Microsoft.CodeAnalysis;
using Toolkit.Generator.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>
/// Whole-API union accessors are named by what the variants mean in the spec (Naming/VariantNames), not by their JSON
/// shape; the shape is the fallback when the spec says nothing more. Format 1 keeps its names (pinned elsewhere).
/// </summary>
public sealed class VariantNameTests
{
    private const string Api = """
        {
          "name": "meanings",
          "version": "1.0.0",
          "namespace": "Meanings.Api",
          "baseUrl": "https://example.test",
          "definitions": {
            "ContentChunk": { "type": "object", "properties": { "text": { "type": "string" }, "kind": { "type": "string" } } }
          },
          "operations": {
            "chat": {
              "method": "POST",
              "path": "/chat",
              "payload": {
                "inputs": { "type": "union", "required": true, "variants": [ { "type": "string" }, { "type": "array", "items": { "type": "string" } } ] },
                "content": { "type": "union", "typeName": "Content", "variants": [ { "type": "string" }, { "type": "array", "items": { "ref": "ContentChunk" } } ] },
                "early_stopping": { "type": "union", "variants": [ { "type": "boolean" }, { "type": "enum", "values": [ "never" ] } ] },
                "tool_choice": { "type": "union", "variants": [
                  { "type": "enum", "values": [ "auto", "none" ] },
                  { "type": "object", "properties": { "function": { "type": "string", "required": true } } } ] },
                "boxes": { "type": "union", "variants": [ { "type": "string", "description": "Page label" }, { "type": "array", "items": { "type": "number" } } ] },
                "metadata": { "type": "union", "variants": [ { "type": "string" }, { "type": "array", "items": { "type": "json" } } ] }
              },
              "response": { "type": "object", "properties": { "id": { "type": "string" } } }
            }
          }
        }
        """;

    [Theory]
    [InlineData("ChatInputs", "Input", "Inputs")] // a scalar or a list of it: the field's noun, singular and plural
    [InlineData("Content", "Text", "Chunks")] // a named type without the words the union's name shares with it, plural for a list
    [InlineData("ChatEarlyStopping", "Boolean", "Never")] // an enum of one value: that value
    [InlineData("ChatToolChoice", "Keyword", "Function")] // an object of one field: that field; an enum of several: its shape
    [InlineData("ChatBoxes", "PageLabel", "Numbers")] // a description that is a name; a list of numbers by shape
    [InlineData("ChatMetadata", "Text", "Values")] // a list of any JSON values (OpenAI's document has them)
    public void AccessorsAreNamedByMeaning(string union, string first, string second)
    {
        var (result, output) = GeneratorHarness.Run(("/specs/meanings.json", Api));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        var type = output.GetTypeByMetadataName("Meanings.Api." + union)!;
        var accessors = type.GetMembers().OfType<IPropertySymbol>().Where(p => p.Name.StartsWith("As", System.StringComparison.Ordinal)).Select(p => p.Name.Substring(2)).ToList();
        Assert.Equal(new[] { first, second }.OrderBy(n => n, System.StringComparer.Ordinal), accessors.OrderBy(n => n, System.StringComparer.Ordinal));
        foreach (var name in new[] { first, second })
        {
            Assert.Single(type.GetMembers("Is" + name));
            Assert.Single(type.GetMembers("From" + name));
        }
    }

    [Theory]
    [InlineData("Inputs", "Input")]
    [InlineData("Entries", "Entry")]
    [InlineData("Boxes", "Box")]
    [InlineData("Status", "Status")]
    [InlineData("Text", "Text")]
    public void SingularAndPluralAreEnglish(string plural, string singular)
    {
        Assert.Equal(singular, Naming.VariantNames.Singular(plural));
        if (plural != singular) Assert.Equal(plural, Naming.VariantNames.Plural(singular));
    }
}
