using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Toolkit.Cli.Tests.Infrastructure;
using Toolkit.Generator.Versioning;
using Xunit;
using Xunit.Abstractions;

namespace Toolkit.Cli.Tests;

/// <summary>
/// toolkit diff's surface verdict against independent judges, over the shared release histories: Microsoft's ApiCompat
/// on the generated assemblies of each consecutive pair, and programs written by hand against the old client and
/// compiled against the new one (what ApiCompat cannot see: parameter names, <c>required</c>, where a call binds).
/// </summary>
public sealed class SurfaceOracleTests : IClassFixture<ReleaseHistory>
{
    private readonly ReleaseHistory _history;
    private readonly ITestOutputHelper _output;

    public SurfaceOracleTests(ReleaseHistory history, ITestOutputHelper output) => (_history, _output) = (history, output);

    private static string Verdict(ChangeSeverity? severity) => severity switch
    {
        null => "unchanged",
        ChangeSeverity.Info => "compatible",
        ChangeSeverity.Warning => "compatible, warning",
        _ => "breaking",
    };

    [ReleaseHistoryFact]
    public void NoPairHasAnApiCompatBreakTheDiffCallsCompatible()
    {
        var table = new StringBuilder("| pair | wire | C# surface (measured) | C# surface (build's rules) | ApiCompat |\n|---|---|---|---|---|\n");
        foreach (var pair in _history.Pairs)
        {
            var ids = pair.ApiCompat.GroupBy(d => d.DiagnosticId).OrderBy(g => g.Key, System.StringComparer.Ordinal).Select(g => $"{g.Key} ×{g.Count()}");
            table.Append(CultureInfo.InvariantCulture, $"| {pair.Name} | {Verdict(pair.Wire)} | {Verdict(pair.Surface)} | {Verdict(pair.Predicted)} | {(pair.ApiCompat.Count == 0 ? "compatible" : "breaking: " + string.Join(", ", ids))} |\n");
        }
        _output.WriteLine(table.ToString());
        Assert.True(_history.Pairs.Count >= 15, "expected the 15 consecutive pairs of the shared histories");
        var missed = _history.Pairs.Where(p => p.ApiCompat.Count > 0 && p.Surface != ChangeSeverity.Breaking)
            .Select(p => p.Name + ": " + string.Join("; ", p.ApiCompat.Take(5).Select(d => d.DiagnosticId + " " + d.Message))).ToList();
        Assert.True(missed.Count == 0, "ApiCompat reports a break the diff calls compatible:\n" + string.Join("\n", missed));
    }

    private ReleasePair Pair(string series, string oldLabel) => Assert.Single(_history.Pairs, p => p.Old.Series == series && p.Old.Label.StartsWith(oldLabel, System.StringComparison.Ordinal));

    /// <summary>The errors a user's program gets against a release's generated code.</summary>
    private static string[] Errors(Release release, string program)
    {
        var tree = CSharpSyntaxTree.ParseText("#nullable enable\ninternal static class UserCode\n{\n" + program + "\n}\n", (CSharpParseOptions)release.Compilation.SyntaxTrees.First().Options);
        return release.Compilation.AddSyntaxTrees(tree).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree == tree)
            .Select(d => d.Id).ToArray();
    }

    /// <summary>Compiles against the old release, and the new one gives <paramref name="expected"/>; the diff reports a surface break at <paramref name="member"/>.</summary>
    private static void OldProgramBreaks(ReleasePair pair, string program, string expected, string member)
    {
        Assert.Empty(Errors(pair.Old, program));
        Assert.Contains(expected, Errors(pair.New, program));
        var change = Assert.Single(pair.Changes, c => c.Findings.Any(f => f.Member == member) || c.Change.Surface?.Member == member);
        Assert.Equal(ChangeSeverity.Breaking, change.Change.Overall);
        Assert.Equal(ChangeSeverity.Breaking, change.Change.Surface!.Severity);
    }

    [ReleaseHistoryFact]
    public void AnOptionalFieldTheApiAddsLeavesOldCallsCompiling()
    {
        // TEI 1.8.3 added 'dimensions' to embed. Optional fields live on the request object, so a call written against
        // 1.7.0 (the convenience form, and the request form with an optional field set) compiles against 1.8.3 unchanged.
        // Inputs is a text or a list (the Input union): a string converts to it.
        const string program = "static async System.Threading.Tasks.Task Use(TextEmbeddingsInference.TextEmbeddingsInferenceClient c, TextEmbeddingsInference.Input inputs) "
            + "{ await c.EmbedAsync(inputs); await c.EmbedAsync(\"text\"); await c.EmbedAsync(new TextEmbeddingsInference.EmbedRequest { Inputs = inputs, Normalize = true }); }";
        var pair = Pair("TEI", "1.7.0");
        Assert.Empty(Errors(pair.Old, program));
        Assert.Empty(Errors(pair.New, program));
    }

    [ReleaseHistoryFact]
    public void ANewRequiredResponseMemberBreaksATestFake()
    {
        // ApiCompat does not see 'required'; a fake of TEI's /info built as 1.7.0 allowed stops compiling.
        OldProgramBreaks(Pair("TEI", "1.7.0"),
            "static object Fake() => new TextEmbeddingsInference.Info { AutoTruncate = default, MaxBatchTokens = default, MaxClientBatchSize = default, MaxConcurrentRequests = default, MaxInputLength = default, ModelDtype = default!, ModelId = default!, ModelType = default!, TokenizationWorkers = default, Version = default! };",
            "CS9035", "Info.ServedModelName");
    }

    [ReleaseHistoryFact]
    public void Base64DataNeverBindsToAFilePath()
    {
        // image-segmentation 6.0.0 made 'inputs' binary: an old call with base64 text must not compile against a method
        // that reads a file of that name (the file form is SegmentFromFileAsync).
        OldProgramBreaks(Pair("image-segmentation (HF schemas)", "5.0.0"),
            "static async System.Threading.Tasks.Task Use(HuggingFace.Tasks.ImageSegmentation.ImageSegmentationClient c) { await c.SegmentAsync(\"iVBORw0KGgo=\"); }",
            "CS1503", "ImageSegmentationClient.SegmentAsync");
    }
}
