using System.Linq;
using Toolkit.Generator.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>
/// Validation is generated only where a check can fail: every type a request reaches (the caller builds it), and the
/// response types whose read values may still break a rule (a bound, an enum value), through any depth or cycle.
/// </summary>
public sealed class ValidationPlanTests
{
    private const string Spec = """
        { "name": "plan", "version": "1.0.0", "namespace": "Plan.Api", "baseUrl": "https://plan.test",
          "definitions": {
            "Plain": { "type": "object", "properties": { "id": { "type": "string", "required": true }, "tags": { "type": "array", "items": { "type": "string" } } } },
            "Bounded": { "type": "object", "properties": { "score": { "type": "number", "minimum": 0, "maximum": 1, "required": true } } },
            "Outer": { "type": "object", "properties": { "inner": { "ref": "Middle" } } },
            "Middle": { "type": "object", "properties": { "back": { "ref": "Outer" }, "leaf": { "ref": "Bounded" } } },
            "Ask": { "type": "object", "properties": { "text": { "type": "string", "required": true } } }
          },
          "operations": {
            "get-plain": { "method": "GET", "path": "/plain", "response": { "ref": "Plain" } },
            "get-outer": { "method": "GET", "path": "/outer", "response": { "ref": "Outer" } },
            "ask": { "method": "POST", "path": "/ask", "payload": { "question": { "ref": "Ask", "required": true } }, "response": { "ref": "Plain" } }
          } }
        """;

    [Fact]
    public void OnlyTypesWithACheckThatCanFailAreWalked()
    {
        var (result, output) = GeneratorHarness.Run(("/specs/plan.json", Spec));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        var validator = output.GetTypeByMetadataName("Plan.Api.PlanValidator")!;
        var methods = validator.GetMembers().Select(m => m.Name).ToHashSet();

        // A read-only type without bounds: the reader already enforced everything, so no method and no response check.
        Assert.DoesNotContain("ValidatePlain", methods);
        Assert.DoesNotContain("ValidateGetPlainResponse", methods);
        // Bounds two levels down, through a cycle: the whole path is walked.
        Assert.Contains("ValidateBounded", methods);
        Assert.Contains("ValidateMiddle", methods);
        Assert.Contains("ValidateOuter", methods);
        Assert.Contains("ValidateGetOuterResponse", methods);
        // What a request reaches is always checked (a required member the caller left null).
        Assert.Contains("ValidateAsk", methods);
        Assert.Contains("ValidateAskRequest", methods);
    }
}
