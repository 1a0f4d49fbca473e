using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Toolkit.Cli.Import.OpenApi;
using Toolkit.Generator;

namespace Toolkit.Benchmarks;

/// <summary>
/// How much code the generator writes for real APIs, as a production project gets it (Toolkit.Runtime referenced,
/// neither Toolkit.Http nor Toolkit.Testing): characters and lines per API and per generated class kind, and the time
/// Roslyn takes to compile it (one in-memory Release emit, a measured build, not a benchmark).
/// <c>dotnet run -c Release --project tests/Toolkit.Benchmarks -- --generated-size</c>
/// </summary>
internal static class GeneratedSize
{
    public static int Run()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Toolkit.sln"))) dir = dir.Parent;
        var repo = dir!.FullName;
        var shared = Path.GetFullPath(Path.Combine(repo, "..", "shared", "openapi"));
        var hf = Path.Combine(repo, "specs", "huggingface", "inference");
        Report("Hugging Face whole API (specs/huggingface/inference)", new[] { Path.Combine(hf, "1.0.0.json"), Path.Combine(hf, "1.0.0.overlay.json") }
            .Select(p => (p, File.ReadAllText(p))).ToArray());
        var tei = Directory.Exists(Path.Combine(shared, "text-embeddings-inference"))
            ? Directory.GetFiles(Path.Combine(shared, "text-embeddings-inference"), "openapi-*.json").OrderBy(p => Version.Parse(Path.GetFileNameWithoutExtension(p)["openapi-".Length..])).LastOrDefault()
            : null;
        if (tei is not null) Report($"text-embeddings-inference {Path.GetFileNameWithoutExtension(tei)["openapi-".Length..]}", Import(tei));
        var openAi = Path.Combine(shared, "openai", "openapi.yaml");
        if (File.Exists(openAi)) Report("OpenAI (openapi.yaml)", Import(openAi));
        if (tei is null || !File.Exists(openAi)) Console.WriteLine("../shared/openapi is absent beside the repository: only the Hugging Face API was measured.");
        return 0;
    }

    private static (string Path, string Text)[] Import(string document)
        => new[] { (Path.ChangeExtension(document, ".toolkit.json"), OpenApiImport.Run(document, Array.Empty<string>(), new OpenApiImportOptions()).ToText()) };

    private static void Report(string title, (string Path, string Text)[] specs)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(Toolkit.Runtime.Transport.ApiTransport).Assembly.Location).Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
        var compilation = CSharpCompilation.Create("Size", new[] { CSharpSyntaxTree.ParseText("class A { }", options) }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));
        var generate = Stopwatch.StartNew();
        var driver = CSharpGeneratorDriver.Create(new[] { new SpecGenerator().AsSourceGenerator() },
            specs.Select(s => (Microsoft.CodeAnalysis.AdditionalText)new SpecText(s.Path, s.Text)), options, new SpecOptionsProvider());
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        generate.Stop();
        var trees = output.SyntaxTrees.Skip(1).ToList();
        var chars = trees.Sum(t => t.Length);
        var lines = trees.Sum(t => t.GetText().Lines.Count);
        var compile = Stopwatch.StartNew();
        using var pe = new MemoryStream();
        var emitted = output.Emit(pe);
        compile.Stop();
        Console.WriteLine($"{title}: {chars:N0} characters, {lines:N0} lines; generated in {generate.ElapsedMilliseconds:N0} ms, compiled (in-memory Release emit) in {compile.Elapsed.TotalSeconds:N1} s, "
            + $"{pe.Length / 1024:N0} KB IL, {emitted.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error)} errors, {diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error)} generator errors");
        // Per class kind, by the generated class's name: where the characters go.
        var kinds = new Dictionary<string, (long Chars, int Lines)>(StringComparer.Ordinal);
        foreach (var type in trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>()).Where(d => d.Parent is BaseNamespaceDeclarationSyntax))
        {
            var kind = new[] { "Serializer", "Validator", "Client", "ClientOptions", "RequestOptions" }.FirstOrDefault(k => type.Identifier.ValueText.EndsWith(k, StringComparison.Ordinal))
                ?? (type is EnumDeclarationSyntax ? "enums" : "models");
            var text = type.GetText();
            kinds[kind] = (kinds.GetValueOrDefault(kind).Chars + text.Length, kinds.GetValueOrDefault(kind).Lines + text.Lines.Count);
        }
        foreach (var (kind, (c, l)) in kinds.OrderByDescending(k => k.Value.Chars)) Console.WriteLine($"    {kind,-15} {c,12:N0} characters {l,9:N0} lines");
    }
}
