using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Toolkit.Generator;
using Toolkit.Generator.Model;
using Toolkit.Testing.Contracts;

namespace Toolkit.Cli.Specs;

/// <summary>
/// Runs the generator on a spec file in memory, compiles what it emits and loads the spec's
/// <see cref="IApiContract"/>: the CLI checks recordings with the very code a project would get.
/// </summary>
internal static class SpecCompiler
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>
    /// The contract, or the spec's diagnostics (as "file(line,col): error TK....: message") when it has errors. A
    /// format-1 spec has one contract; a whole API one per operation, chosen by <paramref name="operation"/> (the
    /// operation's key or its method name). Names are read from the spec's model, as the generator made them.
    /// </summary>
    public static (IApiContract? Contract, IReadOnlyList<string> Errors) Compile(string specPath, string? operation = null)
    {
        var (assembly, spec, errors) = CompileWithModel(specPath, strict: false);
        if (assembly is null || spec is null) return (null, errors);
        var holder = ContractHolder(assembly, spec);
        if (typeof(IApiContract).IsAssignableFrom(holder))
        {
            if (operation is not null) return (null, new[] { $"error: {Path.GetFileName(specPath)} describes one operation; --operation applies to whole-API specs only." });
            return ((IApiContract)holder.GetProperty("Instance", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!, Array.Empty<string>());
        }
        var op = operation is null ? null : Find(spec, operation);
        if (op is null)
        {
            return (null, new[] { (operation is null ? $"error: {Path.GetFileName(specPath)} is a whole API: choose the operation with --operation." : $"error: the spec has no operation '{operation}'.")
                + " Operations: " + string.Join(", ", spec.Operations.Select(o => o.MethodName)) + "." });
        }
        // The spec's contract holds each operation's contract as a property named by its method name.
        return ((IApiContract)holder.GetProperty(op.MethodName, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!, Array.Empty<string>());
    }

    /// <summary>
    /// Every operation's contract (a format-1 spec has one), or the spec's diagnostics. <paramref name="operation"/>,
    /// when given, must name one of them (by key or method name).
    /// </summary>
    public static (IReadOnlyList<IApiContract>? Operations, IReadOnlyList<string> Errors) CompileOperations(string specPath, string? operation = null)
    {
        var (assembly, spec, errors) = CompileWithModel(specPath, strict: false);
        if (assembly is null || spec is null) return (null, errors);
        var holder = ContractHolder(assembly, spec);
        var operations = typeof(IApiContract).IsAssignableFrom(holder)
            ? new[] { (IApiContract)holder.GetProperty("Instance", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)! }
            : ((IEnumerable<IApiContract>)holder.GetProperty("Operations", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!).ToArray();
        if (operation is not null && Find(spec, operation) is null)
        {
            return (null, new[] { $"error: the spec has no operation '{operation}'. Operations: " + string.Join(", ", operations.Select(o => o.OperationName)) + "." });
        }
        return (operations, Array.Empty<string>());
    }

    /// <summary>The operation named <paramref name="operation"/>: its key in the spec, or its method name (any case).</summary>
    private static OperationSpec? Find(SpecModel spec, string operation)
        => spec.Operations.FirstOrDefault(o => o.Key == operation)
           ?? spec.Operations.FirstOrDefault(o => string.Equals(o.MethodName, operation, StringComparison.OrdinalIgnoreCase));

    /// <summary>The spec's contract class, by the name the generator gave it.</summary>
    private static Type ContractHolder(Assembly assembly, SpecModel spec)
        => assembly.GetTypes().Single(t => t.IsPublic && t.Name == spec.ContractName);

    /// <summary>
    /// Generates, compiles and loads the code of one spec. <paramref name="strict"/> compiles as the strictest
    /// user project would (nullable, XML docs, every warning an error) and reports warnings too.
    /// </summary>
    public static (Assembly? Assembly, IReadOnlyList<string> Problems) CompileAssembly(string specPath, bool strict)
    {
        var (assembly, _, problems) = CompileWithModel(specPath, strict);
        return (assembly, problems);
    }

    /// <summary>As <see cref="CompileAssembly"/>, with the spec's model: the names the generator gave its types.</summary>
    private static (Assembly? Assembly, SpecModel? Spec, IReadOnlyList<string> Problems) CompileWithModel(string specPath, bool strict)
    {
        var fullPath = Path.GetFullPath(specPath);
        SpecInput input;
        try
        {
            input = SpecFiles.Input(fullPath);
        }
        catch (Import.OpenApi.OpenApiReadException e)
        {
            return (null, null, new[] { e.ToCanonical() });
        }
        var raw = input.Spec.Text!;
        var overlays = SpecFiles.OverlaysOf(fullPath);
        // The same spec and overlays give the same assembly: compile once per process (tests run many commands).
        var key = string.Join("\u0000", new[] { fullPath, strict ? "strict" : "", raw }.Concat(overlays.SelectMany(o => new[] { o.Path, o.Text ?? "" })));
        lock (Compiled)
        {
            if (Compiled.TryGetValue(key, out var cached)) return cached;
        }
        var (assembly, problems) = Compile(fullPath, raw, overlays, strict);
        var spec = assembly is null ? null : Toolkit.Generator.Parsing.SpecParser.Parse(input, CancellationToken.None).Value;
        var compiled = (assembly, spec, problems);
        lock (Compiled) Compiled[key] = compiled;
        return compiled;
    }

    private static readonly Dictionary<string, (Assembly?, SpecModel?, IReadOnlyList<string>)> Compiled = new(StringComparer.Ordinal);

    /// <summary>
    /// The compilation of one spec's generated code (not emitted): <c>toolkit diff</c> reads its public symbols and
    /// compiles code written against one version with another. Null with the problems when the spec has errors.
    /// </summary>
    public static (CSharpCompilation? Compilation, IReadOnlyList<string> Problems) GeneratedCompilation(string specPath)
    {
        var fullPath = Path.GetFullPath(specPath);
        SpecInput input;
        try
        {
            input = SpecFiles.Input(fullPath);
        }
        catch (Import.OpenApi.OpenApiReadException e)
        {
            return (null, new[] { e.ToCanonical() });
        }
        var (compilation, errors) = Generate(fullPath, input.Spec.Text!, SpecFiles.OverlaysOf(fullPath), strict: false);
        if (compilation is null) return (null, errors);
        var problems = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(Format).ToList();
        // One name for every version: two versions are the same assembly, as a project that regenerates sees them.
        return problems.Count > 0 ? (null, problems) : (compilation.WithAssemblyName("Toolkit.Generated"), Array.Empty<string>());
    }

    private static (Assembly? Assembly, IReadOnlyList<string> Problems) Compile(string fullPath, string raw, IReadOnlyList<Toolkit.Generator.Model.OverlayText> overlays, bool strict)
    {
        var (output, errors) = Generate(fullPath, raw, overlays, strict);
        if (output is null) return (null, errors);

        using var stream = new MemoryStream();
        var emit = output.Emit(stream);
        var problems = emit.Diagnostics.Where(d => d.Severity >= (strict ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error)).Select(Format).ToList();
        if (!emit.Success || problems.Count > 0) return (null, problems);
        stream.Position = 0;
        return (AssemblyLoadContext.Default.LoadFromStream(stream), Array.Empty<string>());
    }

    /// <summary>Runs the generator on the spec in memory: the compilation that holds its code, or the generator's errors.</summary>
    private static (CSharpCompilation? Compilation, IReadOnlyList<string> Errors) Generate(string fullPath, string raw, IReadOnlyList<Toolkit.Generator.Model.OverlayText> overlays, bool strict)
    {
        var text = SourceText.From(raw);
        var parseOptions = strict ? ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose) : ParseOptions;
        var driver = CSharpGeneratorDriver.Create(
            new[] { new SpecGenerator().AsSourceGenerator() },
            new AdditionalText[] { new FileText(fullPath, text) }
                .Concat(overlays.Select(o => new FileText(o.Path, SourceText.From(o.Text ?? "")))),
            parseOptions,
            new SpecOptions());
        var compilation = CSharpCompilation.Create(
            "Toolkit.Cli.Contract." + Guid.NewGuid().ToString("N"),
            Array.Empty<SyntaxTree>(),
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: strict ? ReportDiagnostic.Error : ReportDiagnostic.Default, warningLevel: strict ? 9999 : 4));
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var errors = generatorDiagnostics.Where(d => d.Severity >= (strict ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error)).Select(Format).ToList();
        return errors.Count > 0 ? (null, errors) : ((CSharpCompilation)output, Array.Empty<string>());
    }

    /// <summary>"path(line,col): error TK0001: message", as the compiler prints it.</summary>
    public static string Format(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        var where = span.Path is { Length: > 0 } ? $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): " : "";
        return $"{where}{d.Severity.ToString().ToLowerInvariant()} {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    internal static ImmutableArray<MetadataReference> References()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).ToList();
        // Toolkit.Testing among the references is what makes the generator emit the contracts.
        paths.Add(typeof(IApiContract).Assembly.Location);
        paths.Add(typeof(Toolkit.Runtime.Transport.ApiTransport).Assembly.Location);
        return paths.Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }

    private sealed class FileText(string path, SourceText text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => text;
    }

    /// <summary>Marks the file as a spec, as the build props do with ToolkitSpec="true".</summary>
    private sealed class SpecOptions : AnalyzerConfigOptionsProvider
    {
        private static readonly AnalyzerConfigOptions Spec = new Values(SpecGenerator.SpecMetadataKey, "true");
        private static readonly AnalyzerConfigOptions None = new Values(null, null);

        public override AnalyzerConfigOptions GlobalOptions => None;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Spec;

        private sealed class Values(string? key, string? value) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string name, out string result)
            {
                result = value ?? "";
                return key is not null && name == key;
            }
        }
    }
}
