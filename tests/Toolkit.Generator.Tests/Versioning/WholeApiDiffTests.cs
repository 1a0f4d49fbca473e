using System.IO;
using System.Linq;
using Toolkit.Generator.Tests.Infrastructure;
using Toolkit.Generator.Versioning;
using Xunit;

namespace Toolkit.Generator.Tests.Versioning;

/// <summary>Diff rules over whole APIs (format 2): operations added, removed, moved; query parameters; shared types once.</summary>
public sealed class WholeApiDiffTests
{
    private static readonly string Base = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "Toolkit.Runtime.Tests", "Specs", "whole-api.json"));

    private static System.Collections.Generic.IReadOnlyList<SpecChange> Diff(string oldText, string newText)
    {
        Assert.NotEqual(oldText, newText);
        return SpecDiff.Compare(DiffSpecs.Parse(oldText), DiffSpecs.Parse(newText)).ToList();
    }

    private static string WithoutTextToImage()
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(Base)!.AsObject();
        Assert.True(root["operations"]!.AsObject().Remove("text-to-image"));
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    [Fact]
    public void ARemovedOperationIsBreakingAndAnAddedOneIsInfo()
    {
        var smaller = WithoutTextToImage();
        var removed = Assert.Single(Diff(Base, smaller));
        Assert.Equal("TKD035", removed.Rule.Id);
        Assert.Equal(ChangeSeverity.Breaking, removed.Severity);
        Assert.Equal("operations.text-to-image", removed.Path);

        var added = Assert.Single(Diff(smaller, Base));
        Assert.Equal("TKD034", added.Rule.Id);
        Assert.Equal(ChangeSeverity.Info, added.Severity);
    }

    [Fact]
    public void AMovedOperationIsAPathChange()
    {
        var change = Assert.Single(Diff(Base, Base.Replace("\"/pipeline/feature-extraction/{model}\"", "\"/models/{model}/embed\"")));
        Assert.Equal("TKD021", change.Rule.Id);
        Assert.Equal("operations.feature-extraction.path", change.Path);
        Assert.Equal(new[] { "operations", "feature-extraction", "path" }, change.Location.ToArray());
    }

    [Fact]
    public void AMethodChangeIsBreaking()
    {
        var change = Assert.Single(Diff(Base, Base.Replace("\"method\": \"GET\"", "\"method\": \"POST\"")));
        Assert.Equal("TKD022", change.Rule.Id);
        Assert.Equal("operations.list-models.method", change.Path);
    }

    [Fact]
    public void QueryParametersAreComparedLikeRequestFields()
    {
        var changes = Diff(Base, Base.Replace("\"full\": { \"type\": \"boolean\" },", "\"full\": { \"type\": \"boolean\", \"required\": true }, \"page\": { \"type\": \"integer\" },"));
        Assert.Equal("operations.list-models.query.full", Assert.Single(changes, c => c.Rule.Id == "TKD004").Path);
        Assert.Equal("operations.list-models.query.page", Assert.Single(changes, c => c.Rule.Id == "TKD003").Path);
    }

    [Fact]
    public void ASharedDefinitionsChangeIsReportedOnce()
    {
        // scored-label is the response item of two operations and an event field of chat's stream: one removed field,
        // one change, at its first use (chat comes first in the spec).
        var changes = Diff(Base, Base.Replace("\"label\": { \"type\": \"string\", \"required\": true },\n        \"score\"", "\"score\""));
        var change = Assert.Single(changes);
        Assert.Equal("TKD011", change.Rule.Id);
        Assert.Equal("operations.chat.stream.event.labels[].label", change.Path);
    }

    [Fact]
    public void ErrorBodiesAreComparedLikeResponses()
    {
        var changes = Diff(Base, Base.Replace("\"error_type\": { \"type\": \"string\", \"required\": true },", ""));
        var change = Assert.Single(changes);
        Assert.Equal("TKD011", change.Rule.Id);
        Assert.Equal("errors.bodies.422.error_type", change.Path);
    }

    [Fact]
    public void ABaseUrlChangeIsAWarning()
    {
        var change = Assert.Single(Diff(Base, Base.Replace("https://api.acme.test/v1\"", "https://router.acme.test/v1\"")));
        Assert.Equal("TKD036", change.Rule.Id);
        Assert.Equal(ChangeSeverity.Warning, change.Severity);
    }

    [Fact]
    public void ARemovedOperationWithoutAMajorBumpIsTK0101()
    {
        var (result, _) = GeneratorHarness.RunWithVersions("latest",
            ("/specs/acme/1.2.0.json", Base),
            ("/specs/acme/1.3.0.json", WithoutTextToImage().Replace("\"version\": \"1.2.0\"", "\"version\": \"1.3.0\"")));
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == "TK0101");
        Assert.Contains("TKD035", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("1.3.0.json", diagnostic.Location.GetLineSpan().Path);
    }
}
