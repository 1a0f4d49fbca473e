using System.Linq;
using System.Threading.Tasks;
using Acme.Trees;
using Toolkit.Runtime.Json;
using Toolkit.Runtime.Tests.Infrastructure;
using Toolkit.Runtime.Validation;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>
/// A spec type that refers to itself (Specs/tree.json): the caller can build objects that nest without end or form
/// a cycle. Validating them (the client does before every send) must end as an error, never a stack overflow.
/// </summary>
public sealed class RecursiveTypeTests
{
    /// <summary>A chain of <paramref name="nodes"/> nodes, each the only child of the one before.</summary>
    private static Node Chain(int nodes)
    {
        var root = new Node { Label = "n0" };
        var last = root;
        for (var i = 1; i < nodes; i++)
        {
            var next = new Node { Label = "n" + i };
            last.Children = new[] { next };
            last = next;
        }
        return root;
    }

    [Fact]
    public void ACycleInTheCallersObjectsIsOneErrorNotAStackOverflow()
    {
        var node = new Node { Label = "loop" };
        node.Children = new[] { node };
        var error = Assert.Single(TreeApiValidator.ValidatePlantRequest(new PlantRequest { Root = node }));
        Assert.Contains("cycle", error.Message);
        Assert.StartsWith("$.root.children[0].children[0]", error.Path);
    }

    [Fact]
    public async Task TheClientRefusesACycleBeforeSending()
    {
        var node = new Node { Label = "loop" };
        node.Children = new[] { new Node { Label = "child", Children = new[] { node } } };
        var handler = new ScriptedHandler();
        var client = new TreeApiClient(handler, new TreeApiClientOptions());
        var error = await Assert.ThrowsAsync<RequestValidationException>(() => client.PlantAsync(node));
        Assert.Contains(error.Errors, e => e.Message.Contains("cycle"));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void ATreeTooDeepToReadBackIsRefusedByTheValidatorAndByTheReader()
    {
        // Nodes sit at odd depths ($.root is 1, $.root.children[0] is 3): 32 nodes reach depth 63, 33 reach 65.
        Assert.Empty(TreeApiValidator.ValidatePlantRequest(new PlantRequest { Root = Chain(32) }));
        var deepest = TreeApiSerializer.DeserializePlantRequest(TreeApiSerializer.SerializePlantRequest(new PlantRequest { Root = Chain(32) }));
        for (var i = 0; i < 31; i++) deepest.Root = deepest.Root.Children!.Single();
        Assert.Equal("n31", deepest.Root.Label);

        var tooDeep = new PlantRequest { Root = Chain(33) };
        var error = Assert.Single(TreeApiValidator.ValidatePlantRequest(tooDeep));
        Assert.Equal(JsonReading.MaxDepth + 1, error.Path.Count(c => c is '.' or '['));
        Assert.Throws<JsonPayloadException>(() => TreeApiSerializer.DeserializePlantRequest(TreeApiSerializer.SerializePlantRequest(tooDeep)));
    }

    [Fact]
    public void AVeryDeepTreeIsOneErrorAtTheDepthBound()
    {
        var error = Assert.Single(TreeApiValidator.ValidatePlantRequest(new PlantRequest { Root = Chain(200_000) }));
        Assert.Contains("is nested 65 levels deep, more than the 63", error.Message);
    }

    [Fact]
    public void RulesBelowTheBoundAreStillChecked()
    {
        var root = Chain(5);
        root.Children![0].Children![0].Weight = -1;
        var error = Assert.Single(TreeApiValidator.ValidatePlantRequest(new PlantRequest { Root = root }));
        Assert.Equal("$.root.children[0].children[0].weight", error.Path);
    }
}
