using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Toolkit.Generator;

namespace Toolkit.Benchmarks;

/// <summary>
/// The generator's cost, through <see cref="CSharpGeneratorDriver"/> as an IDE runs it: full generation of one spec and
/// of every spec in <c>specs/</c>, and the step an unrelated C# edit costs with one spec and with all of them.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private static readonly CSharpParseOptions Options = new(LanguageVersion.Latest);
    private CSharpCompilation _compilation = null!;
    private AdditionalText[] _one = Array.Empty<AdditionalText>();
    private AdditionalText[] _all = Array.Empty<AdditionalText>();
    private GeneratorDriver _warmOne = null!;
    private GeneratorDriver _warmAll = null!;
    private int _edit;

    [GlobalSetup]
    public void Setup()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Toolkit.sln"))) dir = dir.Parent;
        var specs = Path.Combine(dir!.FullName, "specs");
        _all = Directory.GetFiles(specs, "*.json", SearchOption.AllDirectories)
            .Where(p => !p.EndsWith(".schema.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(p => (AdditionalText)new SpecText(p, File.ReadAllText(p))).ToArray();
        _one = _all.Where(t => t.Path.EndsWith(Path.Combine("image-segmentation", "2.0.0.json"), StringComparison.Ordinal)).ToArray();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(Toolkit.Runtime.Transport.ApiTransport).Assembly.Location).Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
        _compilation = CSharpCompilation.Create("Bench", new[] { CSharpSyntaxTree.ParseText("class A { }", Options) }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _warmOne = Driver(_one).RunGenerators(_compilation);
        _warmAll = Driver(_all).RunGenerators(_compilation);
    }

    private static GeneratorDriver Driver(IEnumerable<AdditionalText> specs)
        => CSharpGeneratorDriver.Create(new[] { new SpecGenerator().AsSourceGenerator() }, specs, Options, new SpecOptionsProvider());

    [Benchmark(Description = "full generation: image-segmentation 2.0.0")]
    public GeneratorDriver FullOne() => Driver(_one).RunGenerators(_compilation);

    [Benchmark(Description = "full generation: every spec in specs/")]
    public GeneratorDriver FullAll() => Driver(_all).RunGenerators(_compilation);

    [Benchmark(Description = "unrelated C# edit, 1 spec")]
    public GeneratorDriver EditOne() => _warmOne.RunGenerators(Edited());

    [Benchmark(Description = "unrelated C# edit, every spec")]
    public GeneratorDriver EditAll() => _warmAll.RunGenerators(Edited());

    private Compilation Edited() => _compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B" + (_edit++ % 1000) + " { }", Options));
}
