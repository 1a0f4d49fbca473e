using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Toolkit.Cli.Import.OpenApi;
using Toolkit.Generator;

namespace Toolkit.Benchmarks;

/// <summary>
/// The largest shared OpenAPI document (Qdrant v1.12: 71 operations, 282 schemas, 392 KB) through import (Microsoft.OpenApi
/// reading, normalisation, mapping), generation (<see cref="CSharpGeneratorDriver"/>) and compilation (Roslyn emit of the
/// generated code); and the same document four times over (every path and schema copied under new names: 284 operations, 1,128 schemas), to
/// show how the cost grows. Needs ../shared/openapi; without it the benchmark says so and stops.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class OpenApiBenchmarks
{
    private static readonly CSharpParseOptions Options = new(LanguageVersion.Latest);
    private string _one = "";
    private string _four = "";
    private string _oneSpec = "";
    private string _fourSpec = "";
    private CSharpCompilation _compilation = null!;
    private Compilation _generatedOne = null!;

    [GlobalSetup]
    public void Setup()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Toolkit.sln"))) dir = dir.Parent;
        _one = Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "openapi", "qdrant", "openapi-v1.12.x.json"));
        if (!File.Exists(_one)) throw new InvalidOperationException("../shared/openapi is absent beside the repository: the OpenAPI benchmark needs it.");
        var temp = Directory.CreateTempSubdirectory("toolkit-openapi-bench-").FullName;
        _four = Path.Combine(temp, "qdrant-x4.json");
        File.WriteAllText(_four, Replicate(File.ReadAllText(_one), 4));
        _oneSpec = OpenApiImport.Run(_one, Array.Empty<string>(), new OpenApiImportOptions()).ToText();
        _fourSpec = OpenApiImport.Run(_four, Array.Empty<string>(), new OpenApiImportOptions()).ToText();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(Toolkit.Runtime.Transport.ApiTransport).Assembly.Location).Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
        _compilation = CSharpCompilation.Create("Bench", new[] { CSharpSyntaxTree.ParseText("class A { }", Options) }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Generate(_oneSpec).RunGeneratorsAndUpdateCompilation(_compilation, out _generatedOne, out _);
        var trees = _generatedOne.SyntaxTrees.Count() - 1;
        var lines = _generatedOne.SyntaxTrees.Sum(t => t.GetText().Lines.Count);
        Console.WriteLine($"// Qdrant v1.12 generates {trees} files, {lines} lines; x4: spec {_fourSpec.Length / 1024} KB from a {new FileInfo(_four).Length / 1024} KB document");
    }

    /// <summary>The document <paramref name="times"/> times over: each copy's paths, operations and schemas renamed.</summary>
    private static string Replicate(string text, int times)
    {
        var root = JsonNode.Parse(text)!.AsObject();
        var paths = new JsonObject();
        var schemas = new JsonObject();
        for (var k = 1; k <= times; k++)
        {
            var copy = JsonNode.Parse(text.Replace("\"#/components/schemas/", $"\"#/components/schemas/K{k}", StringComparison.Ordinal))!.AsObject();
            foreach (var (path, item) in copy["paths"]!.AsObject().ToList())
            {
                foreach (var (_, operation) in item!.AsObject())
                {
                    if (operation is JsonObject o && o["operationId"] is JsonValue id) o["operationId"] = id.GetValue<string>() + "_k" + k;
                }
                copy["paths"]!.AsObject().Remove(path);
                paths["/k" + k + path] = item;
            }
            foreach (var (name, schema) in copy["components"]!["schemas"]!.AsObject().ToList())
            {
                copy["components"]!["schemas"]!.AsObject().Remove(name);
                schemas["K" + k + name] = schema;
            }
        }
        root["paths"] = paths;
        root["components"]!["schemas"] = schemas;
        return root.ToJsonString();
    }

    private static GeneratorDriver Generate(string spec)
        => CSharpGeneratorDriver.Create(new[] { new SpecGenerator().AsSourceGenerator() }, new AdditionalText[] { new SpecText("/specs/qdrant.json", spec) }, Options, new SpecOptionsProvider());

    [Benchmark(Baseline = true, Description = "import: Qdrant v1.12 (392 KB)")]
    public object ImportOne() => OpenApiImport.Run(_one, Array.Empty<string>(), new OpenApiImportOptions());

    [Benchmark(Description = "import: Qdrant x4 (843 KB minified)")]
    public object ImportFour() => OpenApiImport.Run(_four, Array.Empty<string>(), new OpenApiImportOptions());

    [Benchmark(Description = "generate: Qdrant v1.12")]
    public GeneratorDriver GenerateOne() => Generate(_oneSpec).RunGenerators(_compilation);

    [Benchmark(Description = "generate: Qdrant x4")]
    public GeneratorDriver GenerateFour() => Generate(_fourSpec).RunGenerators(_compilation);

    [Benchmark(Description = "compile: Qdrant v1.12's generated code (Roslyn emit)")]
    public bool CompileOne()
    {
        using var stream = new MemoryStream();
        return _generatedOne.Emit(stream).Success;
    }
}
