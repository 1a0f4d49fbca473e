using System;
using System.Linq;
using Toolkit.Generator.Tests.Infrastructure;
using Toolkit.Generator.Versioning;
using Xunit;

namespace Toolkit.Generator.Tests.Versioning;

/// <summary>
/// The surface rules the build's semver check applies from the model: each change says what it does on the wire and
/// to the generated C# (member, compiler error), and a change compatible on the wire but not in C# needs a major version.
/// </summary>
public class SurfaceRuleTests
{
    private static SpecChange Single(string from, string to, string rule)
    {
        Assert.Contains(from, DiffSpecs.Base);
        var changes = SpecDiff.Compare(DiffSpecs.Parse(DiffSpecs.Base), DiffSpecs.Parse(DiffSpecs.Base.Replace(from, to)));
        return Assert.Single(changes, c => c.Rule.Id == rule);
    }

    [Fact]
    public void ANewRequiredResponseFieldIsCompatibleOnTheWireButNotForObjectInitializers()
    {
        var change = Single("\"label\": { \"type\": \"string\", \"required\": true },", "\"label\": { \"type\": \"string\", \"required\": true }, \"box\": { \"type\": \"integer\", \"required\": true },", "TKD014");
        Assert.Equal(ChangeSeverity.Info, change.WireSeverity);
        Assert.Equal(Breaks.Surface, change.Breaks);
        Assert.Equal(ChangeSeverity.Breaking, change.Overall);
        Assert.Equal("CS9035", change.Surface!.CompilerError);
        Assert.EndsWith(".Box", change.Surface.Member, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOptionalPayloadFieldInsertedBeforeAnotherMovesNoParameter()
    {
        // Optional root fields are set on the request object, not passed as parameters ('parameters', the request's
        // own options object, keeps its place): the convenience method's list is unchanged.
        var change = Single("\"parameters\": {", "\"seed\": { \"type\": \"integer\" }, \"parameters\": {", "TKD003");
        Assert.Equal(ChangeSeverity.Info, change.WireSeverity);
        Assert.Null(change.Surface);
    }

    [Fact]
    public void AnOptionalFieldInsideAParameterObjectMovesNoParameter()
    {
        var change = Single("\"top_k\": { \"type\": \"integer\" },", "\"top_k\": { \"type\": \"integer\" }, \"top_p\": { \"type\": \"number\" },", "TKD003");
        Assert.Null(change.Surface);
    }

    [Fact]
    public void ARemovedHeaderRemovesItsOptionsProperty()
    {
        var change = Single("\"x-use-cache\": { \"type\": \"boolean\", \"scope\": \"request\", \"default\": true }", "", "TKD018");
        Assert.Equal(Breaks.Both, change.Breaks);
        Assert.Equal("CS1061", change.Surface!.CompilerError);
        Assert.EndsWith("RequestOptions.UseCache", change.Surface.Member, StringComparison.Ordinal);
    }

    [Fact]
    public void AWireRenameThatKeepsTheCSharpNameBreaksOnlyTheWire()
    {
        // top_k -> topK: both are the property TopK of type long?.
        var changes = SpecDiff.Compare(DiffSpecs.Parse(DiffSpecs.Base), DiffSpecs.Parse(DiffSpecs.Base.Replace("\"top_k\":", "\"topK\":")));
        var removed = Assert.Single(changes, c => c.Rule.Id == "TKD001");
        Assert.Equal(Breaks.Wire, removed.Breaks);
        Assert.Null(removed.Surface);
    }

    [Fact]
    public void AnOptionalFieldAddedChangesNoMemberOfTheTypes()
    {
        var change = Single("\"label\": { \"type\": \"string\", \"required\": true },", "\"label\": { \"type\": \"string\", \"required\": true }, \"box\": { \"type\": \"integer\" },", "TKD014");
        Assert.Null(change.Surface);
        Assert.Equal(Breaks.Nothing, change.Breaks);
    }

    [Fact]
    public void AValueThatBecomesNullableBreaksReadersWithCS0266()
    {
        // A required request field that became optional is compatible on the wire; its property turns long into long?.
        var change = Single("\"top_k\": { \"type\": \"integer\" }", "\"top_k\": { \"type\": \"integer\", \"required\": true }", "TKD004");
        Assert.Equal("CS9035", change.Surface!.CompilerError);
        var back = SpecDiff.Compare(DiffSpecs.Parse(DiffSpecs.Base.Replace("\"top_k\": { \"type\": \"integer\" }", "\"top_k\": { \"type\": \"integer\", \"required\": true }")), DiffSpecs.Parse(DiffSpecs.Base));
        var optional = Assert.Single(back, c => c.Rule.Id == "TKD005");
        Assert.Equal(ChangeSeverity.Info, optional.WireSeverity);
        Assert.Equal(Breaks.Surface, optional.Breaks);
        Assert.Equal("CS0266", optional.Surface!.CompilerError);
        Assert.Contains("long?", optional.Surface.Message);
    }

    [Fact]
    public void AReferenceThatBecomesNullableIsANullableWarning()
    {
        var change = Single("\"label\": { \"type\": \"string\", \"required\": true }", "\"label\": { \"type\": \"string\", \"required\": true, \"nullable\": true }", "TKD013");
        Assert.Equal("CS8600", change.Surface!.CompilerError);
        Assert.Equal(ChangeSeverity.Warning, change.Surface.Severity);
        Assert.Equal(Breaks.Wire, change.Breaks);
    }

    [Fact]
    public void ARemovedResponseEnumValueIsCompatibleOnTheWireButItsMemberIsGone()
    {
        var change = Single("\"values\": [\"a\", \"b\"]", "\"values\": [\"a\"]", "TKD010");
        Assert.Equal(Breaks.Surface, change.Breaks);
        Assert.Equal("CS0117", change.Surface!.CompilerError);
        Assert.EndsWith(".B", change.Surface.Member, StringComparison.Ordinal);
    }

    [Fact]
    public void ARenamedPropertyOrTypeWithTheSameWireIsASurfaceBreak()
    {
        var property = Single("\"top_k\": { \"type\": \"integer\" }", "\"top_k\": { \"type\": \"integer\", \"property\": \"MaxResults\" }", "TKD041");
        Assert.Equal(Breaks.Surface, property.Breaks);
        Assert.EndsWith(".TopK", property.Surface!.Member, StringComparison.Ordinal);
        Assert.Equal("MaxResults", property.NewValue);

        var type = Single("\"mode\": { \"type\": \"enum\", \"values\": [\"fast\", \"slow\"] }", "\"mode\": { \"type\": \"enum\", \"typeName\": \"Speed\", \"values\": [\"fast\", \"slow\"] }", "TKD042");
        Assert.Equal("CS0246", type.Surface!.CompilerError);
        Assert.Equal("Speed", type.NewValue);
    }

    [Fact]
    public void TheSemverCheckNeedsAMajorVersionForASurfaceBreak()
    {
        var v11 = DiffSpecs.Base.Replace("\"values\": [\"a\", \"b\"]", "\"values\": [\"a\"]").Replace("\"version\": \"1.0.0\"", "\"version\": \"1.1.0\"");
        var (result, _) = GeneratorHarness.Run(("/specs/demo/1.0.0.json", DiffSpecs.Base), ("/specs/demo/1.1.0.json", v11));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("TK0101", d.Id);
        var message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("TKD010 response-enum-value-removed", message);
        Assert.Contains("C# surface: CS0117", message);
        Assert.Contains("Compatible on the wire; not in C#.", message);
    }
}
