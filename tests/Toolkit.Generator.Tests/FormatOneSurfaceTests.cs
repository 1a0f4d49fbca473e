using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Toolkit.Generator.Emit;
using Toolkit.Generator.Model;
using Toolkit.Generator.Parsing;
using Toolkit.Generator.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>
/// The public surface a one-operation spec (format 1: <c>request</c>/<c>response</c> at the root) generates, with
/// every integration on (contract, DI registration), pinned in Baselines/Surface/: users of such specs keep their
/// client, options, types, method names, serializer and validator entry points, contract and DI extension, whatever
/// the generator does inside. Set TOOLKIT_UPDATE_BASELINES=1 to rewrite after an intended change, and review it.
/// </summary>
public sealed class FormatOneSurfaceTests
{
    public static TheoryData<string> Specs => new()
    {
        "specs/huggingface/image-segmentation/1.0.0.json",
        "specs/huggingface/image-segmentation/2.0.0.json",
        "tests/Toolkit.Runtime.Tests/Specs/kitchen-sink.json",
        "tests/Toolkit.Runtime.Tests/Specs/binary-output.json",
    };

    [Theory]
    [MemberData(nameof(Specs))]
    public void AFormatOneSpecKeepsItsPublicSurface(string relativePath)
    {
        var path = Path.Combine(TestPaths.RepoRoot, relativePath);
        var text = File.ReadAllText(path);
        Assert.DoesNotContain("\"operations\"", text); // the scenario is format 1
        var baseline = Path.Combine(TestPaths.BaselineDirectory("Surface"), Path.GetFileName(Path.GetDirectoryName(path)!) + "-" + Path.GetFileNameWithoutExtension(path) + ".txt");
        Matches(baseline, SurfaceOf(path, text));
    }

    /// <summary>Every public type and member the spec's code declares, one declaration a line, sorted.</summary>
    internal static string SurfaceOf(string path, string text)
    {
        var parsed = SpecParser.Parse(path, text, null, CancellationToken.None);
        Assert.Empty(parsed.Diagnostics);
        var spec = parsed.Value!;
        var source = SpecFiles.Text(SpecFiles.Plan(spec, Integrations.Http | Integrations.Testing)).ToString();
        // Toolkit.Http is not referenced here: the DI registration's framework types stay unresolved, by name, which is all a surface needs.
        var compilation = GeneratorHarness.CreateCompilation(source);
        var lines = new List<string>();
        foreach (var type in AllTypes(compilation.GlobalNamespace).Where(t => t.ContainingNamespace.ToDisplayString() == spec.Namespace && IsVisible(t)))
        {
            lines.Add(type.ToDisplayString(TypeFormat) + Bases(type));
            // Sorted: the order members are written in is no part of what users call.
            lines.AddRange(type.GetMembers()
                .Where(m => m.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected && !m.IsImplicitlyDeclared
                            && m is not IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.EventAdd or MethodKind.EventRemove }
                            && m is not INamedTypeSymbol)
                .Select(m => "    " + m.ToDisplayString(MemberFormat))
                .OrderBy(l => l, StringComparer.Ordinal));
        }
        return string.Join("\n", lines) + "\n";
    }

    private static bool IsVisible(INamedTypeSymbol type)
    {
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility != Accessibility.Public) return false;
        }
        return true;
    }

    private static string Bases(INamedTypeSymbol type)
    {
        var bases = (type.TypeKind == TypeKind.Class && type.BaseType is { SpecialType: not SpecialType.System_Object } b ? new[] { b } : Array.Empty<INamedTypeSymbol>())
            .Concat(type.Interfaces).Select(t => t.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).ToList();
        return bases.Count == 0 ? "" : " : " + string.Join(", ", bases);
    }

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceSymbol ns)
    {
        foreach (var member in ns.GetMembers().OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            if (member is INamespaceSymbol child)
            {
                foreach (var t in AllTypes(child)) yield return t;
            }
            else if (member is INamedTypeSymbol type)
            {
                foreach (var t in WithNested(type)) yield return t;
            }
        }
    }

    private static IEnumerable<INamedTypeSymbol> WithNested(INamedTypeSymbol type)
    {
        yield return type;
        foreach (var nested in type.GetTypeMembers().OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            foreach (var t in WithNested(nested)) yield return t;
        }
    }

    private static readonly SymbolDisplayFormat TypeFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        kindOptions: SymbolDisplayKindOptions.IncludeTypeKeyword,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier,
        delegateStyle: SymbolDisplayDelegateStyle.NameAndSignature,
        memberOptions: SymbolDisplayMemberOptions.IncludeModifiers | SymbolDisplayMemberOptions.IncludeAccessibility);

    private static readonly SymbolDisplayFormat MemberFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters | SymbolDisplayGenericsOptions.IncludeTypeConstraints,
        memberOptions: SymbolDisplayMemberOptions.IncludeAccessibility | SymbolDisplayMemberOptions.IncludeModifiers | SymbolDisplayMemberOptions.IncludeType
                       | SymbolDisplayMemberOptions.IncludeParameters | SymbolDisplayMemberOptions.IncludeConstantValue | SymbolDisplayMemberOptions.IncludeRef,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType | SymbolDisplayParameterOptions.IncludeName | SymbolDisplayParameterOptions.IncludeDefaultValue
                          | SymbolDisplayParameterOptions.IncludeParamsRefOut | SymbolDisplayParameterOptions.IncludeExtensionThis,
        propertyStyle: SymbolDisplayPropertyStyle.ShowReadWriteDescriptor,
        kindOptions: SymbolDisplayKindOptions.IncludeMemberKeyword,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static void Matches(string path, string surface)
    {
        if (Environment.GetEnvironmentVariable("TOOLKIT_UPDATE_BASELINES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, surface);
            return;
        }
        Assert.True(File.Exists(path), $"No surface baseline at {path}: run the tests with TOOLKIT_UPDATE_BASELINES=1 once and review it.");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected == surface) return;
        var a = expected.Split('\n');
        var b = surface.Split('\n');
        var line = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i], Math.Min(a.Length, b.Length));
        Assert.Fail($"The public surface differs from {path} at line {line + 1}:\n  baseline: {(line < a.Length ? a[line] : "(end)")}\n  now:      {(line < b.Length ? b[line] : "(end)")}");
    }
}
