using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SegmentationStandIn;
using Toolkit.Generator;
using Xunit;

namespace Toolkit.Samples.Tests;

/// <summary>
/// The README's C# blocks, as written: each compiles in a console project with the generator and the spec it names
/// (implicit usings on, as `dotnet new console` has them). The quick start also runs, against the stand-in on
/// 127.0.0.1:5080 as the README says; the whole-API block calls the real service, so it is compiled only.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed partial class ReadmeTests
{
    private static readonly string Root = FindRoot();

    private static readonly string[] ImplicitUsings =
    {
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
    };

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    private static List<string> Blocks()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md")).ReplaceLineEndings("\n");
        return CSharpBlock().Matches(readme).Select(m => Dedent(m.Groups[1].Value)).ToList();
    }

    [Fact]
    public void TheReadmeHasItsThreeCSharpBlocks() => Assert.Equal(3, Blocks().Count);

    [Fact]
    public async Task TheQuickStartCompilesAndRunsAgainstTheStandIn()
    {
        var block = Blocks()[0];
        Assert.Contains("ImageSegmentationClient", block);
        var assembly = Compile(block, "specs/huggingface/image-segmentation/2.0.0.json");
        await using var server = await StandInServer.StartAsync(5080);
        var output = await Run(assembly);
        Assert.Matches(@"(?m)^\S+ .* \d+x\d+ area \d+$", output);
    }

    /// <summary>The whole-API block, compiled once for the tests that use it (the whole API is a large compilation).</summary>
    private static readonly Lazy<Assembly> WholeApi = new(() =>
    {
        var block = Blocks()[1];
        Assert.Contains("HfInferenceClient", block);
        // As a project with the specs/ convention gets it: the spec and the overlay beside it.
        return Compile(block, "specs/huggingface/inference/1.0.0.json", "specs/huggingface/inference/1.0.0.overlay.json");
    });

    [Fact]
    public void TheWholeApiBlockCompiles() => Assert.NotNull(WholeApi.Value);

    /// <summary>Without HF_TOKEN the whole-API block says what to set, before any call, and exits non-zero.</summary>
    [Fact]
    public async Task TheWholeApiBlockSaysTheTokenIsMissingBeforeCalling()
    {
        var assembly = WholeApi.Value;
        var previous = Environment.GetEnvironmentVariable("HF_TOKEN");
        Environment.SetEnvironmentVariable("HF_TOKEN", null);
        try
        {
            var errors = new StringWriter();
            var console = Console.Error;
            Console.SetError(errors);
            try
            {
                // Bounded: the old block went on to call the real service, which needs the network.
                await Run(assembly).WaitAsync(TimeSpan.FromSeconds(60));
            }
            finally
            {
                Console.SetError(console);
            }
            Assert.Equal(1, LastExitCode);
            Assert.StartsWith("Set HF_TOKEN", errors.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("HF_TOKEN", previous);
        }
    }

    /// <summary>The Inference Providers block: provider selection and the IChatClient, run against the stand-in without HF_TOKEN.</summary>
    [Fact]
    public async Task TheInferenceProvidersBlockCompilesAndChatsWithTheStandIn()
    {
        var block = Blocks()[2];
        Assert.Contains("AsIChatClient", block);
        var assembly = Compile(block, "specs/huggingface/providers/1.0.0.json");
        var previous = Environment.GetEnvironmentVariable("HF_TOKEN");
        Environment.SetEnvironmentVariable("HF_TOKEN", null);
        try
        {
            await using var server = await StandInServer.StartAsync(5080);
            var output = await Run(assembly).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(string.Join(' ', ChatStandIn.Answer("What is deep learning?")), output.Trim());
        }
        finally
        {
            Environment.SetEnvironmentVariable("HF_TOKEN", previous);
        }
    }

    private static Assembly Compile(string program, params string[] specs)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(Toolkit.Runtime.Transport.ApiTransport).Assembly.Location)
            // Toolkit.AI referenced: operations with an AI shape get AsIChatClient() (the generator sees it by file name).
            .Append(typeof(Toolkit.AI.TokenPooling).Assembly.Location)
            .Append(typeof(Microsoft.Extensions.AI.IChatClient).Assembly.Location)
            .Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
        var options = new CSharpParseOptions(LanguageVersion.CSharp12);
        var usings = string.Concat(ImplicitUsings.Select(u => $"global using global::{u};\n"));
        var compilation = CSharpCompilation.Create("Readme" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(usings, options), CSharpSyntaxTree.ParseText(program, options, path: "Program.cs") },
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        var files = specs.Select(spec => Path.Combine(Root, spec)).Select(path => (AdditionalText)new SpecFile(path, File.ReadAllText(path)));
        var driver = CSharpGeneratorDriver.Create(new[] { new SpecGenerator().AsSourceGenerator() }, files, options, new SpecOptions());
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        // Information may come (TK0018: the providers spec's hf-inference subclient without the whole-API spec); nothing worse.
        Assert.Empty(generatorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        using var stream = new MemoryStream();
        var result = output.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return Assembly.Load(stream.ToArray());
    }

    /// <summary>The exit code of the last program <see cref="Run"/> ran (null when it returns none).</summary>
    private static int? LastExitCode { get; set; }

    /// <summary>Runs the program's entry point from the repository's root (its relative paths), capturing what it prints.</summary>
    private static async Task<string> Run(Assembly assembly)
    {
        var writer = new StringWriter();
        var console = Console.Out;
        var directory = Environment.CurrentDirectory;
        Console.SetOut(writer);
        Environment.CurrentDirectory = Root;
        try
        {
            var result = assembly.EntryPoint!.Invoke(null, new object[] { Array.Empty<string>() });
            LastExitCode = null;
            if (result is Task<int> withCode) LastExitCode = await withCode;
            else if (result is Task task) await task;
            else if (result is int value) LastExitCode = value;
        }
        finally
        {
            Console.SetOut(console);
            Environment.CurrentDirectory = directory;
        }
        return writer.ToString();
    }

    private static string Dedent(string block)
    {
        var lines = block.Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Toolkit.sln"))) dir = dir.Parent;
        return dir!.FullName;
    }

    private sealed class SpecFile(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    /// <summary>Every additional file is a spec, as a ToolkitSpec item makes it.</summary>
    private sealed class SpecOptions : AnalyzerConfigOptionsProvider
    {
        private static readonly AnalyzerConfigOptions Spec = new Options(new Dictionary<string, string> { [SpecGenerator.SpecMetadataKey] = "true" });

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Spec;

        private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
