using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Toolkit.Generator;

namespace Toolkit.Benchmarks;

/// <summary>A spec file as the generator driver sees it: an AdditionalText over text in memory.</summary>
internal sealed class SpecText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Marks every additional text as a spec (the ToolkitSpec item metadata a build would give it).</summary>
internal sealed class SpecOptionsProvider : AnalyzerConfigOptionsProvider
{
    private static readonly AnalyzerConfigOptions Spec = new Values(SpecGenerator.SpecMetadataKey);
    private static readonly AnalyzerConfigOptions None = new Values(null);

    public override AnalyzerConfigOptions GlobalOptions => None;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Spec;

    private sealed class Values(string? specKey) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value)
        {
            value = "true";
            return specKey is not null && key == specKey;
        }
    }
}
