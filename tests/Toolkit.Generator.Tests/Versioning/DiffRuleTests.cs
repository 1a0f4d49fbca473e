using System.Linq;
using Toolkit.Generator.Versioning;
using Xunit;

namespace Toolkit.Generator.Tests.Versioning;

/// <summary>One case per diff rule: a single edit of <see cref="DiffSpecs.Base"/> and the change it must produce.</summary>
public class DiffRuleTests
{
    [Theory]
    [InlineData("TKD001", "\"top_k\": { \"type\": \"integer\" },", "", "payload.parameters.top_k", "top_k", null)]
    [InlineData("TKD002", "\"top_k\": { \"type\": \"integer\" },", "\"top_k\": { \"type\": \"integer\" }, \"seed\": { \"type\": \"integer\", \"required\": true },", "payload.parameters.seed", null, "seed")]
    [InlineData("TKD003", "\"top_k\": { \"type\": \"integer\" },", "\"top_k\": { \"type\": \"integer\" }, \"seed\": { \"type\": \"integer\" },", "payload.parameters.seed", null, "seed")]
    [InlineData("TKD004", "\"top_k\": { \"type\": \"integer\" }", "\"top_k\": { \"type\": \"integer\", \"required\": true }", "payload.parameters.top_k", "optional", "required")]
    [InlineData("TKD005", "\"inputs\": { \"type\": \"string\", \"format\": \"binary\", \"required\": true }", "\"inputs\": { \"type\": \"string\", \"format\": \"binary\" }", "payload.inputs", "required", "optional")]
    [InlineData("TKD006", "\"top_k\": { \"type\": \"integer\" }", "\"top_k\": { \"type\": \"string\" }", "payload.parameters.top_k", "integer", "string")]
    [InlineData("TKD007", "\"values\": [\"fast\", \"slow\"]", "\"values\": [\"fast\"]", "payload.parameters.mode", "slow", null)]
    [InlineData("TKD008", "\"values\": [\"fast\", \"slow\"]", "\"values\": [\"fast\", \"slow\", \"turbo\"]", "payload.parameters.mode", null, "turbo")]
    [InlineData("TKD009", "\"values\": [\"a\", \"b\"]", "\"values\": [\"a\", \"b\", \"c\"]", "response[].kind", null, "c")]
    [InlineData("TKD010", "\"values\": [\"a\", \"b\"]", "\"values\": [\"a\"]", "response[].kind", "b", null)]
    [InlineData("TKD011", "\"score\": { \"type\": \"number\", \"minimum\": 0, \"maximum\": 1 },", "", "response[].score", "score", null)]
    [InlineData("TKD012", "\"label\": { \"type\": \"string\", \"required\": true }", "\"label\": { \"type\": \"string\" }", "response[].label", "required", "optional")]
    [InlineData("TKD013", "\"label\": { \"type\": \"string\", \"required\": true }", "\"label\": { \"type\": \"string\", \"required\": true, \"nullable\": true }", "response[].label", "not nullable", "nullable")]
    [InlineData("TKD014", "\"label\": { \"type\": \"string\", \"required\": true },", "\"label\": { \"type\": \"string\", \"required\": true }, \"box\": { \"type\": \"integer\" },", "response[].box", null, "box")]
    [InlineData("TKD015", "\"default\": 0.5", "\"default\": 0.9", "payload.parameters.threshold", "0.5", "0.9")]
    [InlineData("TKD016", "\"threshold\": { \"type\": \"number\", \"minimum\": 0,", "\"threshold\": { \"type\": \"number\", \"minimum\": 0.1,", "payload.parameters.threshold", "0", "0.1")]
    [InlineData("TKD017", "\"maximum\": 1, \"default\": 0.5", "\"maximum\": 0.8, \"default\": 0.5", "payload.parameters.threshold", "1", "0.8")]
    [InlineData("TKD018", "\"x-use-cache\": { \"type\": \"boolean\", \"scope\": \"request\", \"default\": true }", "", "headers.x-use-cache", "x-use-cache", null)]
    [InlineData("TKD019", "\"x-use-cache\": { \"type\": \"boolean\", \"scope\": \"request\", \"default\": true }", "\"x-use-cache\": { \"type\": \"boolean\", \"scope\": \"request\", \"default\": true }, \"x-tenant\": { \"type\": \"string\", \"scope\": \"client\", \"required\": true }", "headers.x-tenant", null, "x-tenant")]
    [InlineData("TKD020", "\"x-use-cache\": { \"type\": \"boolean\", \"scope\": \"request\", \"default\": true }", "\"x-use-cache\": { \"type\": \"boolean\", \"scope\": \"request\", \"default\": true }, \"x-trace\": { \"type\": \"string\", \"scope\": \"request\" }", "headers.x-trace", null, "x-trace")]
    [InlineData("TKD021", "\"path\": \"/models/{model}\"", "\"path\": \"/v2/models/{model}\"", "request.path", "/models/{model}", "/v2/models/{model}")]
    [InlineData("TKD022", "\"method\": \"POST\"", "\"method\": \"PUT\"", "request.method", "POST", "PUT")]
    [InlineData("TKD023", "\"body\": { \"rawField\": \"inputs\", \"rawContentType\": \"image/png\" }", "\"body\": { }", "request.body", "'inputs' as a raw image/png body, else JSON", "JSON only")]
    [InlineData("TKD024", "\"note\": { \"type\": \"string\", \"nullable\": true }", "\"note\": { \"type\": \"string\" }", "payload.parameters.note", "nullable", "not nullable")]
    [InlineData("TKD026", "\"top_k\": { \"type\": \"integer\" }", "\"top_k\": { \"type\": \"integer\" }", "payload.parameters.top_k", "a", "b")] // see SchemaFormChange below
    [InlineData("TKD027", "\"kind\": { \"type\": \"enum\", \"values\": [\"a\", \"b\"] }", "\"kind\": { \"type\": \"enum\", \"values\": [\"a\", \"b\"], \"required\": true }", "response[].kind", "optional", "required")]
    [InlineData("TKD028", "\"maximum\": 1, \"default\": 0.5", "\"maximum\": 2, \"default\": 0.5", "payload.parameters.threshold", "1", "2")]
    [InlineData("TKD029", "\"top_k\": { \"type\": \"integer\" }", "\"top_k\": { \"type\": \"integer\", \"nullable\": true }", "payload.parameters.top_k", "not nullable", "nullable")]
    [InlineData("TKD031", "\"score\": { \"type\": \"number\", \"minimum\": 0, \"maximum\": 1 }", "\"score\": { \"type\": \"number\", \"minimum\": 0, \"maximum\": 100 }", "response[].score", "1", "100")]
    [InlineData("TKD032", "\"score\": { \"type\": \"number\", \"minimum\": 0, \"maximum\": 1 }", "\"score\": { \"type\": \"number\", \"minimum\": 0, \"maximum\": 0.5 }", "response[].score", "1", "0.5")]
    public void EachRuleIsReportedWithItsPathAndValues(string ruleId, string find, string replace, string path, string? oldValue, string? newValue)
    {
        var oldText = DiffSpecs.Base;
        var newText = DiffSpecs.Base.Replace(find, replace);
        if (ruleId == "TKD026")
        {
            oldText = oldText.Replace(find, "\"top_k\": { \"type\": \"integer\", \"origin\": \"a\" }");
            newText = newText.Replace(find, "\"top_k\": { \"type\": \"integer\", \"origin\": \"b\" }");
        }
        Assert.NotEqual(oldText, newText);
        var changes = SpecDiff.Compare(DiffSpecs.Parse(oldText), DiffSpecs.Parse(newText));
        var change = Assert.Single(changes, c => c.Rule.Id == ruleId);
        Assert.Equal(path, change.Path);
        Assert.Equal(oldValue, change.OldValue);
        Assert.Equal(newValue, change.NewValue);
        Assert.Equal(ChangeRules.All.Single(r => r.Id == ruleId).Severity, change.Severity);
        Assert.Contains(path, change.Message);
    }

    /// <summary>The integer policy: a change of width is a change of type (of the C# type, or of the range read).</summary>
    [Theory]
    [InlineData("\"type\": \"integer\", \"format\": \"int32\"", "\"type\": \"integer\"", "integer (int32)", "integer")]
    [InlineData("\"type\": \"integer\", \"format\": \"int64\"", "\"type\": \"integer\", \"format\": \"uint64\"", "integer (int64)", "integer (uint64)")]
    [InlineData("\"type\": \"integer\"", "\"type\": \"integer\", \"format\": \"uint32\"", "integer", "integer (uint32)")]
    public void AnIntegersWidthChangeIsATypeChange(string oldType, string newType, string oldValue, string newValue)
    {
        var oldText = DiffSpecs.Base.Replace("\"top_k\": { \"type\": \"integer\" }", "\"top_k\": { " + oldType + " }");
        var newText = DiffSpecs.Base.Replace("\"top_k\": { \"type\": \"integer\" }", "\"top_k\": { " + newType + " }");
        var change = Assert.Single(SpecDiff.Compare(DiffSpecs.Parse(oldText), DiffSpecs.Parse(newText)));
        Assert.Equal("TKD006", change.Rule.Id);
        Assert.Equal("payload.parameters.top_k", change.Path);
        Assert.Equal((oldValue, newValue), (change.OldValue, change.NewValue));

        // No format and int64 are one width: nothing to report.
        var same = DiffSpecs.Base.Replace("\"top_k\": { \"type\": \"integer\" }", "\"top_k\": { \"type\": \"integer\", \"format\": \"int64\" }");
        Assert.Empty(SpecDiff.Compare(DiffSpecs.Parse(DiffSpecs.Base), DiffSpecs.Parse(same)));
    }

    [Fact]
    public void ResponseContentTypeAndSuccessStatusChanges()
    {
        var newText = DiffSpecs.Base.Replace("\"response\": {\n    \"type\": \"array\",", "\"response\": {\n    \"contentType\": \"application/x-ndjson\", \"status\": [200, 206],\n    \"type\": \"array\",");
        Assert.NotEqual(DiffSpecs.Base, newText);
        var changes = SpecDiff.Compare(DiffSpecs.Parse(DiffSpecs.Base), DiffSpecs.Parse(newText));
        Assert.Equal(ChangeSeverity.Breaking, Assert.Single(changes, c => c.Rule.Id == "TKD025").Severity);
        Assert.Equal("200, 206", Assert.Single(changes, c => c.Rule.Id == "TKD033").NewValue);
    }

    [Fact]
    public void AValueAddedToAClosedResponseEnumIsBreaking()
    {
        var oldText = DiffSpecs.Base.Replace("\"values\": [\"a\", \"b\"]", "\"values\": [\"a\", \"b\"], \"closed\": true");
        var newText = oldText.Replace("\"values\": [\"a\", \"b\"]", "\"values\": [\"a\", \"b\", \"c\"]");
        var change = Assert.Single(SpecDiff.Compare(DiffSpecs.Parse(oldText), DiffSpecs.Parse(newText)));
        Assert.Equal("TKD009", change.Rule.Id);
        Assert.Equal(ChangeSeverity.Breaking, change.Severity);
        Assert.Contains("closed", change.Hint);
    }

    [Fact]
    public void ResponseFieldNoLongerNullable()
    {
        var oldText = DiffSpecs.Base.Replace("\"label\": { \"type\": \"string\", \"required\": true }", "\"label\": { \"type\": \"string\", \"required\": true, \"nullable\": true }");
        var change = Assert.Single(SpecDiff.Compare(DiffSpecs.Parse(oldText), DiffSpecs.Parse(DiffSpecs.Base)));
        Assert.Equal("TKD030", change.Rule.Id);
        Assert.Equal(ChangeSeverity.Info, change.Severity);
    }

    [Fact]
    public void ARenameIsRemovedPlusAddedWithAHint()
    {
        var newText = DiffSpecs.Base.Replace("\"top_k\":", "\"topK\":");
        var changes = SpecDiff.Compare(DiffSpecs.Parse(DiffSpecs.Base), DiffSpecs.Parse(newText));
        var removed = Assert.Single(changes, c => c.Rule.Id == "TKD001");
        var added = Assert.Single(changes, c => c.Rule.Id == "TKD003");
        Assert.Equal("payload.parameters.top_k", removed.Path);
        Assert.Equal("payload.parameters.topK", added.Path);
        Assert.Contains("rename of 'top_k' to 'topK'", removed.Hint);
        Assert.Contains("casing or separators", removed.Hint);
        Assert.Contains("rename of 'top_k' to 'topK'", added.Hint);
    }

    /// <summary>
    /// "single" added or removed: the wire is the same array, the method returns another type (a surface break both
    /// ways). Unwrapping refuses answers of another count the list took (a wire warning); returning the list again is info.
    /// </summary>
    [Fact]
    public void ResponseSingleAddedOrRemovedChangesTheReturnType()
    {
        var single = DiffSpecs.Base.Replace("\"response\": {\n    \"type\": \"array\",", "\"response\": {\n    \"type\": \"array\", \"single\": true,");
        Assert.NotEqual(DiffSpecs.Base, single);

        var added = Assert.Single(SpecDiff.Compare(DiffSpecs.Parse(DiffSpecs.Base), DiffSpecs.Parse(single)));
        Assert.Equal("TKD044", added.Rule.Id);
        Assert.Equal("response.single", added.Path);
        Assert.Equal(("array", "single"), (added.OldValue, added.NewValue));
        Assert.Equal(ChangeSeverity.Warning, added.Severity);
        Assert.Equal(Breaks.Surface, added.Breaks);
        Assert.Equal("CS0029", added.Surface!.CompilerError);
        Assert.EndsWith("Async", added.Surface.Member, System.StringComparison.Ordinal);
        Assert.Contains("IReadOnlyList<DemoResponseItem> to DemoResponseItem", added.Surface.Message);

        var removed = Assert.Single(SpecDiff.Compare(DiffSpecs.Parse(single), DiffSpecs.Parse(DiffSpecs.Base)));
        Assert.Equal("TKD044", removed.Rule.Id);
        Assert.Equal(ChangeSeverity.Info, removed.Severity);
        Assert.Equal(Breaks.Surface, removed.Breaks);
        Assert.Contains("DemoResponseItem to", removed.Surface!.Message);

        Assert.Empty(SpecDiff.Compare(DiffSpecs.Parse(single), DiffSpecs.Parse(single.Replace("\"version\": \"1.0.0\"", "\"version\": \"1.0.1\""))));
    }

    [Fact]
    public void IdenticalSpecsHaveNoChanges()
        => Assert.Empty(SpecDiff.Compare(DiffSpecs.Parse(DiffSpecs.Base), DiffSpecs.Parse(DiffSpecs.Base.Replace("\"version\": \"1.0.0\"", "\"version\": \"1.0.1\""))));

    [Fact]
    public void RuleIdsAreUniqueAndStable()
    {
        Assert.Equal(ChangeRules.All.Count, ChangeRules.All.Select(r => r.Id).Distinct().Count());
        Assert.Equal(ChangeRules.All.Count, ChangeRules.All.Select(r => r.Name).Distinct().Count());
        Assert.Equal("TKD001", ChangeRules.RequestFieldRemoved.Id);
        Assert.Equal("TKD033", ChangeRules.SuccessStatusChanged.Id);
    }
}
