using System.Collections.Generic;
using System.IO;
using System.Linq;
using Toolkit.Generator.Tests.Infrastructure;
using Toolkit.Generator.Versioning;
using Xunit;

namespace Toolkit.Generator.Tests.Versioning;

/// <summary>Streamed events are read like responses, so they are compared with the response rules; the stream's framing is the wire's too.</summary>
public sealed class StreamDiffTests
{
    private static readonly string Base = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "Toolkit.Runtime.Tests", "Specs", "whole-api.json"));

    private const string Delta = "\"delta\": { \"type\": \"string\", \"nullable\": true, \"description\": \"The text this event adds.\" },";

    private static IReadOnlyList<SpecChange> Diff(string oldText, string newText)
    {
        Assert.NotEqual(oldText, newText);
        return SpecDiff.Compare(DiffSpecs.Parse(oldText), DiffSpecs.Parse(newText)).ToList();
    }

    private static string Edit(string from, string to)
    {
        Assert.Contains(from, Base);
        return Base.Replace(from, to);
    }

    [Fact]
    public void ARemovedEventFieldIsBreaking()
    {
        var change = Assert.Single(Diff(Base, Edit(Delta, "")));
        Assert.Equal("TKD011", change.Rule.Id);
        Assert.Equal(ChangeSeverity.Breaking, change.Severity);
        Assert.Equal("operations.chat.stream.event.delta", change.Path);
        Assert.Equal(new[] { "operations", "chat", "stream", "event", "properties" }, change.Location.ToArray());
    }

    [Fact]
    public void AnEventFieldsTypeChangeIsBreaking()
    {
        var change = Assert.Single(Diff(Base, Edit(Delta, Delta.Replace("\"string\"", "\"integer\""))));
        Assert.Equal("TKD006", change.Rule.Id);
        Assert.Equal("operations.chat.stream.event.delta", change.Path);
        Assert.Equal("string", change.OldValue);
    }

    [Fact]
    public void RequiredAndNullableAreComparedAsInResponses()
    {
        var required = Edit(Delta, Delta.Replace("\"nullable\": true", "\"required\": true"));
        var changes = Diff(required, Base);
        Assert.Contains(changes, c => c.Rule.Id == "TKD012" && c.Path == "operations.chat.stream.event.delta" && c.Severity == ChangeSeverity.Breaking);
        Assert.Contains(changes, c => c.Rule.Id == "TKD013" && c.Path == "operations.chat.stream.event.delta");
        // A new required event field (TGI 1.4's index) is what a response field added is on the wire.
        var index = Assert.Single(Diff(Base, Edit(Delta, Delta + " \"index\": { \"type\": \"integer\", \"required\": true },")));
        Assert.Equal("TKD014", index.Rule.Id);
        Assert.Equal("operations.chat.stream.event.index", index.Path);
    }

    [Fact]
    public void AUnionInAnEventIsComparedByItsShapes()
    {
        var union = Edit(Delta, "\"delta\": { \"type\": \"union\", \"variants\": [ { \"type\": \"string\" }, { \"type\": \"array\", \"items\": { \"type\": \"string\" } } ] },");
        var narrowed = Edit(Delta, "\"delta\": { \"type\": \"union\", \"variants\": [ { \"type\": \"string\" }, { \"type\": \"number\" } ] },");
        var change = Assert.Single(Diff(union, narrowed));
        Assert.Equal("TKD006", change.Rule.Id);
        Assert.Equal("operations.chat.stream.event.delta", change.Path);
    }

    [Fact]
    public void ATypeSharedWithResponsesIsComparedInsideTheEvent()
    {
        // scored-label is read by two responses and by the chat event (its first use): its removed score is reported
        // once, there.
        var changes = Diff(Base, Edit("\"score\": { \"type\": \"number\", \"required\": true, \"minimum\": 0, \"maximum\": 1 }", "\"score2\": { \"type\": \"number\" }"));
        var removed = Assert.Single(changes, c => c.Rule.Id == "TKD011");
        Assert.Equal("operations.chat.stream.event.labels[].score", removed.Path);
    }

    [Fact]
    public void TheStreamsFramingIsTheWires()
    {
        var noSentinel = Assert.Single(Diff(Base, Edit("\"sentinel\": \"[DONE]\",", "")));
        Assert.Equal("TKD039", noSentinel.Rule.Id);
        Assert.Equal(ChangeSeverity.Breaking, noSentinel.Severity);
        Assert.Equal("operations.chat.stream.sentinel", noSentinel.Path);

        var errorField = Assert.Single(Diff(Base, Edit("\"errorField\": \"error\",", "\"errorField\": \"failure\",")));
        Assert.Equal("TKD040", errorField.Rule.Id);
        Assert.Equal(ChangeSeverity.Warning, errorField.Severity);
    }

    [Fact]
    public void ARemovedStreamIsBreakingAndAnAddedOneIsInfo()
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(Base)!.AsObject();
        Assert.True(root["operations"]!["chat"]!.AsObject().Remove("stream"));
        var without = root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

        var removed = Assert.Single(Diff(Base, without));
        Assert.Equal("TKD037", removed.Rule.Id);
        Assert.Equal(ChangeSeverity.Breaking, removed.Severity);
        Assert.Equal("operations.chat.stream", removed.Path);

        var added = Assert.Single(Diff(without, Base));
        Assert.Equal("TKD038", added.Rule.Id);
        Assert.Equal(ChangeSeverity.Info, added.Severity);
    }

    [Fact]
    public void TheSemverCheckSeesAnEventChangeAtItsLine()
    {
        var newer = Edit(Delta, "").Replace("\"version\": \"1.2.0\"", "\"version\": \"1.3.0\"");
        var (result, _) = GeneratorHarness.RunWithVersions("latest", ("/specs/acme/1.2.0.json", Base), ("/specs/acme/1.3.0.json", newer));
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == "TK0101");
        Assert.Contains("TKD011", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("operations.chat.stream.event.delta", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        var line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
        Assert.Contains("\"properties\"", newer.Split('\n')[line]);
        Assert.Contains("ChatDelta", newer.Split('\n')[line]);
    }
}
