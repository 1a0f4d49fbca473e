using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Toolkit.Generator.Versioning;

namespace Toolkit.Cli.Surface;

/// <summary>
/// One thing code written against the old version's C# does against the new one: a compiler error (or a nullable
/// warning) at a use of <see cref="Member"/>, or a call that still compiles but binds differently.
/// </summary>
/// <param name="Member">The old member, without its namespace: <c>EmbedRequest.Truncate</c>, <c>Client.EmbedAsync</c>.</param>
/// <param name="CompilerError">The compiler's id (<c>CS1503</c>), or <c>none</c> when the old call compiles but binds differently.</param>
/// <param name="Message">What users see: the compiler's message (or what the call now does), and the old use.</param>
/// <param name="Parameters">For a call, the parameter names (old and new) where the old and new lists part: what a spec change must name to explain it.</param>
internal sealed record SurfaceFinding(string Member, string CompilerError, string Message, ChangeSeverity Severity, IReadOnlyList<string> Parameters);

/// <summary>
/// Measures what a new version of a spec does to code written against the old one's generated C#: both versions are
/// generated and compiled (<see cref="Specs.SpecCompiler.GeneratedCompilation"/>), a probe that uses every old public
/// member (<see cref="SurfaceProbe"/>) is compiled against each, and what fails against the new one only is reported,
/// with the compiler's own error. Calls that compile against both are checked for where they now bind: an argument
/// that goes to a parameter of another name (an inserted optional parameter of the same type; a file-path overload
/// beside a data one) compiles and sends the value as something else.
/// </summary>
internal static class SurfaceDiff
{
    public static (IReadOnlyList<SurfaceFinding>? Findings, IReadOnlyList<string> Problems) Compare(string oldSpec, string newSpec)
    {
        var (old, oldProblems) = Specs.SpecCompiler.GeneratedCompilation(oldSpec);
        if (old is null) return (null, oldProblems);
        var (@new, newProblems) = Specs.SpecCompiler.GeneratedCompilation(newSpec);
        if (@new is null) return (null, newProblems);
        return (Compare(old, @new), Array.Empty<string>());
    }

    public static IReadOnlyList<SurfaceFinding> Compare(CSharpCompilation old, CSharpCompilation @new)
    {
        var (source, sites) = SurfaceProbe.Build(old);
        var parse = (CSharpParseOptions)old.SyntaxTrees.First().Options;
        var probe = CSharpSyntaxTree.ParseText(source, parse, path: "SurfaceProbe.cs");

        // What the probe gets against the old version is the probe's own limit, not a change: those (site, id) pairs are left out.
        var baseline = ByName(old.AddSyntaxTrees(probe), probe, sites, out _);
        var against = ByName(@new.AddSyntaxTrees(probe), probe, sites, out var model);

        var findings = new List<SurfaceFinding>();
        foreach (var site in sites)
        {
            var fresh = against[site.Index].Where(d => !baseline[site.Index].Any(b => b.Id == d.Id)).ToList();
            var errors = fresh.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0 || fresh.Count > 0)
            {
                // One finding per site: its first error, or its first nullable warning.
                var d = errors.FirstOrDefault() ?? fresh.First();
                var severity = d.Severity == DiagnosticSeverity.Error ? ChangeSeverity.Breaking : ChangeSeverity.Warning;
                var member = MemberOf(site, d);
                findings.Add(new SurfaceFinding(member, d.Id, $"{d.GetMessage(CultureInfo.InvariantCulture)} (old use: {Use(site)})", severity, Parted(site, @new)));
                continue;
            }
            if (baseline[site.Index].Any(b => b.Severity == DiagnosticSeverity.Error)) continue; // not checkable
            if (site.Kind is ProbeKind.CallPositional or ProbeKind.CallRequired && Rebound(site, model, probe) is { } rebound)
            {
                findings.Add(rebound);
            }
        }
        // The same error at several uses of one member (all arguments, the required ones, by name) is said once.
        return findings.GroupBy(f => (f.Member, f.CompilerError)).Select(g => g.First()).ToList();
    }

    private static string Use(ProbeSite site) => site.Kind switch
    {
        ProbeKind.Read => "reading " + site.Signature,
        ProbeKind.Write => "setting " + site.Signature,
        ProbeKind.Create => site.Signature,
        ProbeKind.CallPositional => site.Signature + ", every argument by position",
        ProbeKind.CallRequired => site.Signature + $", the first {site.Arguments} argument{(site.Arguments == 1 ? "" : "s")} by position",
        ProbeKind.CallNamed => site.Signature + ", every argument by name",
        _ => site.Signature,
    };

    /// <summary>The probe's diagnostics by site (errors, and the nullable warnings users with warnings as errors see).</summary>
    private static List<Diagnostic>[] ByName(Compilation compilation, SyntaxTree probe, IReadOnlyList<ProbeSite> sites, out SemanticModel model)
    {
        var result = sites.Select(_ => new List<Diagnostic>()).ToArray();
        model = compilation.GetSemanticModel(probe);
        var root = probe.GetRoot();
        foreach (var d in model.GetDiagnostics())
        {
            if (d.Severity != DiagnosticSeverity.Error && !d.Id.StartsWith("CS86", StringComparison.Ordinal)) continue;
            var method = root.FindToken(d.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
            if (method is null || !int.TryParse(method.Identifier.Text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)) continue;
            result[index].Add(d);
        }
        return result;
    }

    private static readonly Regex Quoted = new("'([^']+)'", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>
    /// The member an error is about: the new required member CS9035 names; the member an initializer sets that is
    /// gone (CS0117); the type itself when it is gone (CS0234, CS0246: one finding for the type, not one per member);
    /// else the member the site uses.
    /// </summary>
    private static string MemberOf(ProbeSite site, Diagnostic d)
    {
        var quoted = Quoted.Matches(d.GetMessage(CultureInfo.InvariantCulture)).Select(m => m.Groups[1].Value).ToList();
        switch (d.Id)
        {
            case "CS9035" when quoted.Count > 0:
                var parts = quoted[0].Split('.');
                return parts.Length >= 2 ? parts[^2] + "." + parts[^1] : quoted[0];
            case "CS0117" when site.Kind == ProbeKind.Create && quoted.Count >= 2:
                return site.TypeName + "." + quoted[1];
            case "CS0234" or "CS0246" when quoted.Count > 0 && (quoted[0] == site.TypeName.Split('.')[0]):
                return site.TypeName;
            default:
                return site.Member;
        }
    }

    /// <summary>
    /// A call that compiles against both versions: the parameter each argument now goes to. Another name (an
    /// optional parameter inserted before it with the same type; a path overload beside a data one) means the value
    /// is sent as something else, with no compiler error.
    /// </summary>
    private static SurfaceFinding? Rebound(ProbeSite site, SemanticModel model, SyntaxTree probe)
    {
        var method = probe.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.Text == "S" + site.Index.ToString(CultureInfo.InvariantCulture));
        var call = method.DescendantNodes().OfType<InvocationExpressionSyntax>().LastOrDefault();
        if (call is null || model.GetSymbolInfo(call).Symbol is not IMethodSymbol bound) return null;
        for (var i = 0; i < call.ArgumentList.Arguments.Count && i < site.Parameters.Count; i++)
        {
            var target = i < bound.Parameters.Length ? bound.Parameters[i] : bound.Parameters.LastOrDefault(p => p.IsParams);
            if (target is null || string.Equals(target.Name, site.Parameters[i].Name, StringComparison.Ordinal)) continue;
            var now = $"{site.MethodName}({string.Join(", ", bound.Parameters.Select(p => p.Type.ToDisplayString(SurfaceProbe.ShortFormat) + " " + p.Name))})";
            return new SurfaceFinding(site.Member, "none",
                $"The old call still compiles but binds differently: argument {i + 1} ('{site.Parameters[i].Name}', {site.Parameters[i].Type}) now goes to '{target.Name}' ({target.Type.ToDisplayString(SurfaceProbe.ShortFormat)}) of {now}: the value is sent as something else. (old use: {Use(site)})",
                ChangeSeverity.Breaking, new[] { target.Name, site.Parameters[i].Name });
        }
        return null;
    }

    /// <summary>
    /// Where an old method's parameter list and the new one's part (the new overload of that name that shares the
    /// longest prefix with it): the names on both sides from there, which a spec change (a field added, made
    /// optional, removed) must name to explain a failed call.
    /// </summary>
    private static IReadOnlyList<string> Parted(ProbeSite site, Compilation @new)
    {
        if (site.Parameters.Count == 0 && site.Kind is not (ProbeKind.CallPositional or ProbeKind.CallRequired or ProbeKind.CallNamed)) return Array.Empty<string>();
        var type = @new.GetTypeByMetadataName(site.TypeMetadataName);
        var overloads = type?.GetMembers(site.MethodName).OfType<IMethodSymbol>().ToList() ?? new List<IMethodSymbol>();
        if (overloads.Count == 0) return site.Parameters.Select(p => p.Name).ToList();
        int Prefix(IMethodSymbol m) => m.Parameters.Zip(site.Parameters, (n, o) => n.Name == o.Name && n.Type.ToDisplayString(SurfaceProbe.ShortFormat) == o.Type).TakeWhile(x => x).Count();
        var best = overloads.OrderByDescending(Prefix).First();
        var from = Prefix(best);
        var oldNames = site.Parameters.Skip(from).ToList();
        var newNames = best.Parameters.Skip(from).Select(p => (p.Name, Type: p.Type.ToDisplayString(SurfaceProbe.ShortFormat))).ToList();
        // Most telling first: parameters only one side has (a field added or removed), then those whose type changed, then those that moved.
        var added = newNames.Where(n => !oldNames.Any(o => o.Name == n.Name)).Select(n => n.Name);
        var removed = oldNames.Where(o => !newNames.Any(n => n.Name == o.Name)).Select(o => o.Name);
        var retyped = oldNames.Where(o => newNames.Any(n => n.Name == o.Name && n.Type != o.Type)).Select(o => o.Name);
        return added.Concat(removed).Concat(retyped).Concat(oldNames.Select(o => o.Name)).Distinct(StringComparer.Ordinal).ToList();
    }
}
