using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Toolkit.Generator;

namespace Toolkit.Benchmarks;

/// <summary>
/// Where a full generation of <c>specs/</c> spends its time (the benchmark's "every spec" case, which misses the 10 ms
/// goal): the generator's tracked stages (parse, plan, ...) summed over many runs, the rest being the source output
/// (writing each spec's file) and the driver. Shares of one process's runs, not a benchmark: the table in
/// <see cref="GeneratorBenchmarks"/> gives the time, this says which stage it goes to.
/// <c>dotnet run -c Release --project tests/Toolkit.Benchmarks -- --generation-profile</c>
/// </summary>
internal static class GenerationProfile
{
    public static int Run(int runs)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Toolkit.sln"))) dir = dir.Parent;
        var specs = Directory.GetFiles(Path.Combine(dir!.FullName, "specs"), "*.json", SearchOption.AllDirectories)
            .Where(p => !p.EndsWith(".schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(p => (AdditionalText)new SpecText(p, File.ReadAllText(p))).ToArray();
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(Toolkit.Runtime.Transport.ApiTransport).Assembly.Location).Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
        var compilation = CSharpCompilation.Create("Profile", new[] { CSharpSyntaxTree.ParseText("class A { }", options) }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        GeneratorDriver Driver(bool track = true) => CSharpGeneratorDriver.Create(new[] { new SpecGenerator().AsSourceGenerator() }, specs, options,
            new SpecOptionsProvider(), new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

        for (var i = 0; i < 10; i++) Driver().RunGenerators(compilation); // warm up (JIT)
        // The time of a run as a build has it (tracking off: recording every step's outputs costs far more than the steps).
        var plain = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++) Driver(track: false).RunGenerators(compilation);
        plain.Stop();
        var steps = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var total = TimeSpan.Zero;
        var perFile = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            var driver = Driver().RunGenerators(compilation);
            watch.Stop();
            total += watch.Elapsed;
            var result = driver.GetRunResult();
            foreach (var (name, runsOfStep) in result.Results[0].TrackedSteps)
            {
                steps[name] = steps.GetValueOrDefault(name) + runsOfStep.Aggregate(TimeSpan.Zero, (t, r) => t + r.ElapsedTime);
            }
            if (i == 0) foreach (var s in result.Results[0].GeneratedSources) perFile[s.HintName] = s.SourceText.Length;
        }
        var tracked = steps.Values.Aggregate(TimeSpan.Zero, (a, b) => a + b);
        Console.WriteLine($"{specs.Length} spec files, {perFile.Count} generated files, {perFile.Values.Sum():N0} characters; {runs} runs");
        Console.WriteLine($"mean per run as a build runs it (no step tracking): {plain.Elapsed.TotalMilliseconds / runs:F1} ms");
        Console.WriteLine($"with step tracking: {total.TotalMilliseconds / runs:F1} ms, of which the stages below {tracked.TotalMilliseconds / runs:F1} ms (the rest is the tracking itself)");
        Console.WriteLine("| stage | ms per run (tracked) | share of the stages |");
        Console.WriteLine("|---|---|---|");
        foreach (var (name, time) in steps.OrderByDescending(s => s.Value).Where(s => s.Value / tracked >= 0.005))
        {
            Console.WriteLine($"| {name} | {time.TotalMilliseconds / runs:F2} | {time / tracked:P0} |");
        }
        Console.WriteLine("(SourceOutput is writing each spec's file: the emitters; SpecParse reading the specs into models.)");
        Console.WriteLine();
        Console.WriteLine("| largest generated files | characters |");
        Console.WriteLine("|---|---|");
        foreach (var (name, length) in perFile.OrderByDescending(f => f.Value).Take(6)) Console.WriteLine($"| {name} | {length:N0} |");
        return 0;
    }
}
