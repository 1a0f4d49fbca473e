using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Toolkit.Generator.Tests.Infrastructure;

/// <summary>Runs <see cref="SpecGenerator"/> through <see cref="CSharpGeneratorDriver"/> on in-memory specs.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12, DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        paths.Add(typeof(Toolkit.Runtime.Transport.ApiTransport).Assembly.Location);
        // Toolkit.Testing turns the contracts on, so every compile test also compiles them (see ContractSwitchTests).
        paths.Add(typeof(Toolkit.Testing.Contracts.IApiContract).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    /// <summary>The strictest settings a user may have: nullable on, warnings as errors, XML docs checked.</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources)
        => CSharpCompilation.Create(
            "TestAssembly",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                warningLevel: 9999));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> specs, bool track = true, string? specVersions = null)
        => CSharpGeneratorDriver.Create(
            new[] { new SpecGenerator().AsSourceGenerator() },
            specs,
            ParseOptions,
            new SpecOptionsProvider(specVersions),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    /// <summary>Runs the generator on specs given as (path, text) and returns the run and the output compilation.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(params (string Path, string Text)[] specs)
        => RunWithVersions(null, specs);

    /// <summary>As <see cref="Run"/>, with the ToolkitSpecVersions MSBuild property set.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) RunWithVersions(string? specVersions, params (string Path, string Text)[] specs)
    {
        var compilation = CreateCompilation("namespace Consumer { internal static class Placeholder { } }");
        var driver = CreateDriver(specs.Select(s => (AdditionalText)new InMemoryAdditionalText(s.Path, s.Text)), specVersions: specVersions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return (driver.GetRunResult(), output);
    }

    /// <summary>Errors and warnings of a compilation, the generator's own diagnostics excluded.</summary>
    public static IReadOnlyList<Diagnostic> CompileErrors(Compilation output)
        => output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    /// <summary>
    /// The generated source of the types named <paramref name="name"/> (every partial declaration, in file order):
    /// a spec's file holds all its types, so tests look at one type's code this way.
    /// </summary>
    public static string TypeSource(GeneratorDriverRunResult result, string name)
    {
        var declarations = result.GeneratedTrees
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax>())
            .Where(d => d.Identifier.ValueText == name)
            .Select(d => d.ToFullString())
            .ToList();
        if (declarations.Count == 0) throw new InvalidOperationException($"No generated type named {name}.");
        return string.Concat(declarations);
    }
}

/// <summary>An additional file held in memory.</summary>
internal sealed class InMemoryAdditionalText : AdditionalText
{
    private readonly SourceText _text;

    public InMemoryAdditionalText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Marks every .json additional file as a spec, as the build props do with ToolkitSpec="true".</summary>
internal sealed class SpecOptionsProvider : AnalyzerConfigOptionsProvider
{
    private static readonly AnalyzerConfigOptions Spec = new Options(new Dictionary<string, string> { [SpecGenerator.SpecMetadataKey] = "true" });
    private static readonly AnalyzerConfigOptions None = new Options(new Dictionary<string, string>());
    private readonly AnalyzerConfigOptions _global;

    public SpecOptionsProvider(string? specVersions = null)
        => _global = specVersions is null ? None : new Options(new Dictionary<string, string> { [SpecGenerator.VersionsPropertyKey] = specVersions });

    public override AnalyzerConfigOptions GlobalOptions => _global;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
        => textFile.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? Spec : None;

    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;

        public Options(Dictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
    }
}
