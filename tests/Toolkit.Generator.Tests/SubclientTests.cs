using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Toolkit.Generator.Tests.Infrastructure;
using Toolkit.Generator.Versioning;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>
/// <c>subclients</c>: a client hands out clients of other specs in the project on its own host
/// (<c>Get{Key}Client()</c>), with its HttpClient, base address plus the subclient's path, token, limits and response
/// validation. A spec the project lacks leaves the accessor out with an informational diagnostic; a path that could
/// leave the host is refused at its line and column.
/// </summary>
public sealed class SubclientTests
{
    private const string Router = """
        {
          "name": "router",
          "version": "1.0.0",
          "namespace": "Sub.Router",
          "baseUrl": "https://router.example.test",
          "headers": { "authorization": { "type": "string", "scope": "client", "auth": "bearer", "description": "The token." } },
          "subclients": {
            "own-provider": { "spec": "own-tasks", "path": "/own-provider", "description": "The router's own provider." }
          },
          "operations": {
            "ping": { "method": "POST", "path": "/ping", "payload": { "text": { "type": "string", "required": true } }, "response": { "type": "object", "properties": { "label": { "type": "string", "required": true } } } }
          }
        }
        """;

    private const string Tasks = """
        {
          "name": "own-tasks",
          "version": "1.0.0",
          "namespace": "Sub.Tasks",
          "baseUrl": "https://router.example.test/own-provider",
          "headers": { "authorization": { "type": "string", "scope": "client", "auth": "bearer", "description": "The token." } },
          "operations": {
            "classify": { "method": "POST", "path": "/models/{model}", "pathParameters": { "model": { "description": "The model." } },
              "payload": { "inputs": { "type": "string", "required": true } }, "response": { "type": "object", "properties": { "label": { "type": "string", "required": true } } } }
          }
        }
        """;

    [Fact]
    public void TheAccessorMakesTheOtherSpecsClientOnThisHostWithThisToken()
    {
        var (result, output) = GeneratorHarness.Run(("/specs/router/1.0.0.json", Router), ("/specs/tasks/1.0.0.json", Tasks));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        var client = GeneratorHarness.TypeSource(result, "RouterClient");
        Assert.Contains("public global::Sub.Tasks.OwnTasksClient GetOwnProviderClient()", client);
        Assert.Contains("BaseAddress = global::Toolkit.Runtime.Transport.ApiPaths.Combine(_options.BaseAddress, \"/own-provider\"),", client);
        Assert.Contains("Token = _options.Token,", client);
        Assert.Contains("return new global::Sub.Tasks.OwnTasksClient(_httpClient, options);", client);
        Assert.Contains("The router's own provider.", client);

        // The symbol the compiler sees: a public instance method, no parameters, returning the other spec's client.
        var method = output.GetTypeByMetadataName("Sub.Router.RouterClient")!.GetMembers("GetOwnProviderClient").OfType<IMethodSymbol>().Single();
        Assert.Equal("Sub.Tasks.OwnTasksClient", method.ReturnType.ToDisplayString());
        Assert.Empty(method.Parameters);
        Assert.Equal(Accessibility.Public, method.DeclaredAccessibility);
    }

    [Fact]
    public void AClientWithoutSubclientsHoldsNoHttpClientField()
    {
        var (result, _) = GeneratorHarness.Run(("/specs/tasks/1.0.0.json", Tasks));
        Assert.DoesNotContain("_httpClient", GeneratorHarness.TypeSource(result, "OwnTasksClient"));
    }

    [Fact]
    public void ASpecTheProjectLacksLeavesTheAccessorOutAndSaysSo()
    {
        var (result, output) = GeneratorHarness.Run(("/specs/router/1.0.0.json", Router));
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("TK0018", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Contains("'own-tasks'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("RouterClient.GetOwnProviderClient()", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        var at = Router.IndexOf("\"own-tasks\"", System.StringComparison.Ordinal);
        Assert.Equal(Router.Take(at).Count(c => c == '\n'), diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal(Router.Substring(0, at).Split('\n').Last().Length, diagnostic.Location.GetLineSpan().StartLinePosition.Character);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        Assert.DoesNotContain("GetOwnProviderClient", GeneratorHarness.TypeSource(result, "RouterClient"));
    }

    [Fact]
    public void TheNewestVersionOfTheOtherSpecIsTheOneHandedOut()
    {
        var tasks2 = Tasks.Replace("\"version\": \"1.0.0\"", "\"version\": \"2.0.0\"");
        var (result, output) = GeneratorHarness.Run(("/specs/router/1.0.0.json", Router), ("/specs/tasks/1.0.0.json", Tasks), ("/specs/tasks/2.0.0.json", tasks2));
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "TK0101");
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        var method = output.GetTypeByMetadataName("Sub.Router.RouterClient")!.GetMembers("GetOwnProviderClient").OfType<IMethodSymbol>().Single();
        Assert.Equal("Sub.Tasks.V2.OwnTasksClient", method.ReturnType.ToDisplayString());
    }

    [Theory]
    [InlineData("\"path\": \"/own-provider\"", "\"path\": \"/../admin\"", "TK0010", "\"/../admin\"")]
    [InlineData("\"path\": \"/own-provider\"", "\"path\": \"https://elsewhere.test\"", "TK0010", "\"https://elsewhere.test\"")]
    [InlineData("\"path\": \"/own-provider\"", "\"path\": \"/a//b\"", "TK0010", "\"/a//b\"")]
    [InlineData("\"path\": \"/own-provider\"", "\"path\": \"/x?token=1\"", "TK0010", "\"/x?token=1\"")]
    [InlineData("\"spec\": \"own-tasks\", ", "", "TK0002", "{ \"path\"")]
    [InlineData("\"description\": \"The router's own provider.\"", "\"description\": \"d\", \"host\": \"x\"", "TK0009", "\"host\"")]
    public void AMalformedSubclientIsADiagnosticAtItsPlace(string find, string replace, string id, string marker)
    {
        var spec = Router.Replace(find, replace);
        Assert.NotEqual(Router, spec);
        var (result, _) = GeneratorHarness.Run(("/specs/router/1.0.0.json", spec), ("/specs/tasks/1.0.0.json", Tasks));
        Assert.Null(result.Results.Single().Exception);
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var at = spec.IndexOf(marker, spec.IndexOf("subclients", System.StringComparison.Ordinal), System.StringComparison.Ordinal);
        Assert.Equal(spec.Take(at).Count(c => c == '\n'), diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Theory]
    [InlineData("\"own-provider\": { \"spec\": \"own-tasks\", \"path\": \"/own-provider\", \"description\": \"The router's own provider.\" }", "", "TKD046", null)]
    [InlineData("\"path\": \"/own-provider\"", "\"path\": \"/own\"", "TKD047", "/own")]
    [InlineData("\"spec\": \"own-tasks\"", "\"spec\": \"other-tasks\"", "TKD048", "other-tasks")]
    public void TheDiffReportsSubclientChanges(string find, string replace, string rule, string? newValue)
    {
        var old = Parse(Router);
        var changed = Router.Replace(find, replace);
        Assert.NotEqual(Router, changed);
        var change = Assert.Single(SpecDiff.Compare(old, Parse(changed)));
        Assert.Equal(rule, change.Rule.Id);
        Assert.Equal(newValue, change.NewValue);
        Assert.Equal(ChangeRules.All.Single(r => r.Id == rule).Severity, change.Severity);

        // And the other way round: a subclient added is information.
        if (rule == "TKD046")
        {
            var added = Assert.Single(SpecDiff.Compare(Parse(changed), old));
            Assert.Equal("TKD045", added.Rule.Id);
            Assert.Contains("RouterClient.GetOwnProviderClient()", added.Message);
        }
    }

    /// <summary>The composing spec reads the other spec's names only: an edit inside the other spec leaves its file as it was.</summary>
    [Fact]
    public void EditingTheOtherSpecsBodyLeavesTheComposingSpecsFileCached()
    {
        var compilation = GeneratorHarness.CreateCompilation("class A { }");
        var tasks = new InMemoryAdditionalText("/specs/tasks/1.0.0.json", Tasks);
        var driver = GeneratorHarness.CreateDriver(new AdditionalText[] { new InMemoryAdditionalText("/specs/router/1.0.0.json", Router), tasks })
            .RunGenerators(compilation);
        Assert.Empty(driver.GetRunResult().Diagnostics);
        var edited = Tasks.Replace("\"description\": \"The model.\"", "\"description\": \"The model, by id.\"");
        Assert.NotEqual(Tasks, edited);
        driver = driver.ReplaceAdditionalText(tasks, new InMemoryAdditionalText("/specs/tasks/1.0.0.json", edited)).RunGenerators(compilation);
        var run = driver.GetRunResult().Results.Single();
        Assert.All(run.TrackedSteps[TrackingNames.ClientIndex].SelectMany(r => r.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, o.Reason.ToString()));
        var files = run.TrackedSteps[TrackingNames.GeneratedFiles].SelectMany(r => r.Outputs)
            .Select(o => (((Model.GeneratedFile)o.Value).SpecPath, o.Reason)).ToList();
        Assert.Contains(("/specs/tasks/1.0.0.json", IncrementalStepRunReason.Modified), files);
        Assert.Contains(files, f => f.SpecPath == "/specs/router/1.0.0.json" && f.Reason is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached);
    }

    private static Model.SpecModel Parse(string text) => Parsing.SpecParser.Parse("/specs/router/1.0.0.json", text, null, default).Value!;
}
