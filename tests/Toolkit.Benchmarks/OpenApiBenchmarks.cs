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
/// generated code); and the same document 4 and 16 times over (every path and schema copied under new names: up to
/// 1,136 operations and 4,512 schemas, 4.7 MB), to show how the cost grows. Needs ../shared/openapi; without it the
/// benchmark says so and stops.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class OpenApiBenchmarks
{
    private static readonly CSharpParseOptions Options = new(LanguageVersion.Latest);
    private string _document = "";
    private string _spec = "";
    private CSharpCompilation _compilation = null!;
    private Compilation? _generated;

    /// <summary>How many copies of Qdrant's document (1: the real one, 392 KB; 16: 4.7 MB written minified).</summary>
    [Params(1, 4, 16)]
    public int Copies { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Toolkit.sln"))) dir = dir.Parent;
        var qdrant = Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "openapi", "qdrant", "openapi-v1.12.x.json"));
        if (!File.Exists(qdrant)) throw new InvalidOperationException("../shared/openapi is absent beside the repository: the OpenAPI benchmark needs it.");
        _document = qdrant;
        if (Copies > 1)
        {
            _document = Path.Combine(Directory.CreateTempSubdirectory("toolkit-openapi-bench-").FullName, $"qdrant-x{Copies}.json");
            File.WriteAllText(_document, Replicate(File.ReadAllText(qdrant), Copies));
        }
        _spec = OpenApiImport.Run(_document, Array.Empty<string>(), new OpenApiImportOptions()).ToText();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(Toolkit.Runtime.Transport.ApiTransport).Assembly.Location).Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
        _compilation = CSharpCompilation.Create("Bench", new[] { CSharpSyntaxTree.ParseText("class A { }", Options) }, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        if (Copies == 1)
        {
            Generate(_spec).RunGeneratorsAndUpdateCompilation(_compilation, out var generated, out _);
            _generated = generated;
            var lines = generated.SyntaxTrees.Sum(t => t.GetText().Lines.Count);
            Console.WriteLine($"// Qdrant v1.12 generates {generated.SyntaxTrees.Count() - 1} files, {lines} lines");
        }
        Console.WriteLine($"// {Copies} cop{(Copies == 1 ? "y" : "ies")}: document {new FileInfo(_document).Length / 1024} KB, spec {_spec.Length / 1024} KB");
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

    [Benchmark(Description = "import (read, normalise, map)")]
    public object Import() => OpenApiImport.Run(_document, Array.Empty<string>(), new OpenApiImportOptions());

    [Benchmark(Description = "generate (CSharpGeneratorDriver, cold)")]
    public GeneratorDriver GenerateClient() => Generate(_spec).RunGenerators(_compilation);

    [Benchmark(Description = "compile the generated code (Roslyn emit; 1 copy only)")]
    public bool Compile()
    {
        if (_generated is null) return false; // measured on the real document only: minutes for 16 copies say nothing new
        using var stream = new MemoryStream();
        return _generated.Emit(stream).Success;
    }
}
