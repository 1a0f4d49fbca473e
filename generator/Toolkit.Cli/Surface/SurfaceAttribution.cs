using System;
using System.Collections.Generic;
using System.Linq;
using Toolkit.Generator.Model;
using Toolkit.Generator.Versioning;

namespace Toolkit.Cli.Surface;

/// <summary>A spec change with what was measured on the C# surface for it (its <see cref="SpecChange.Surface"/> is the measured one).</summary>
/// <param name="Predicted">What the model's surface rules (the build's semver check) said, to compare.</param>
internal sealed record MeasuredChange(SpecChange Change, IReadOnlyList<SurfaceFinding> Findings, SurfaceImpact? Predicted);

/// <summary>
/// Says which spec change each measured surface finding comes from: the same member (a property, an enum member,
/// a type, a method), or, for a call that fails or binds differently, the change to the request field or query
/// parameter of that operation that its parameters name. A finding no change explains is a change of its own
/// (TKD043 surface-changed: compatible on the wire, not in C#).
/// </summary>
internal static class SurfaceAttribution
{
    public static IReadOnlyList<MeasuredChange> Attribute(SpecModel old, SpecModel @new, IReadOnlyList<SpecChange> changes, IReadOnlyList<SurfaceFinding> findings)
    {
        var byChange = changes.Select(_ => new List<SurfaceFinding>()).ToArray();
        var unexplained = new List<SurfaceFinding>();
        foreach (var finding in findings)
        {
            var index = Explain(old, @new, changes, finding);
            if (index >= 0) byChange[index].Add(finding);
            else unexplained.Add(finding);
        }
        var result = changes.Select((c, i) => new MeasuredChange(c with { Surface = Impact(byChange[i]) }, byChange[i], c.Surface)).ToList();
        foreach (var finding in unexplained)
        {
            var change = new SpecChange(ChangeRules.SurfaceChanged, ChangeRules.SurfaceChanged.Severity, "csharp." + finding.Member,
                $"csharp.{finding.Member}: the generated C# changed with no change of the wire that explains it.", null, null, null,
                EquatableArray<string>.Empty, Impact(new[] { finding }), finding.Member);
            result.Add(new MeasuredChange(change, new[] { finding }, null));
        }
        return result;
    }

    /// <summary>The worst finding as the change's surface verdict.</summary>
    private static SurfaceImpact? Impact(IReadOnlyList<SurfaceFinding> findings)
        => findings.OrderByDescending(f => f.Severity).Select(f => new SurfaceImpact(f.Severity, f.Member, f.CompilerError, f.Message)).FirstOrDefault();

    private static int Explain(SpecModel old, SpecModel @new, IReadOnlyList<SpecChange> changes, SurfaceFinding finding)
    {
        // A file overload (RunFromFileAsync) returns what its method returns: a change to the method's return type explains it too.
        var method = MainMethod(old, @new, finding.Member);
        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i].Member == finding.Member || changes[i].Surface?.Member == finding.Member) return i;
            if (method is not null && (changes[i].Member == method || changes[i].Surface?.Member == method)) return i;
        }
        foreach (var parameter in finding.Parameters)
        {
            // Several changes to one field (its type and its default): the one that changes its C# (a predicted
            // surface impact, then the worst on the wire) is what the call's error is about.
            var candidates = Enumerable.Range(0, changes.Count)
                .Where(i => Calls(old, @new, changes[i], finding.Member) && Normalise(LastSegment(changes[i].Path)) == Normalise(parameter))
                .OrderByDescending(i => changes[i].Surface is not null).ThenByDescending(i => changes[i].Severity).ToList();
            if (candidates.Count > 0) return candidates[0];
        }
        return -1;
    }

    /// <summary>Whether <paramref name="member"/> is the client method (or its streamed sibling) of the change's operation.</summary>
    private static bool Calls(SpecModel old, SpecModel @new, SpecChange change, string member)
    {
        string? key = null;
        if (change.Path.StartsWith("operations.", StringComparison.Ordinal))
        {
            var rest = change.Path.Substring("operations.".Length);
            key = old.Operations.Concat(@new.Operations).Select(o => o.Key).Where(k => rest == k || rest.StartsWith(k + ".", StringComparison.Ordinal))
                .OrderByDescending(k => k.Length).FirstOrDefault();
            if (key is null) return false;
        }
        foreach (var spec in new[] { old, @new })
        {
            var op = key is null ? spec.Operations[0] : spec.Operations.FirstOrDefault(o => o.Key == key);
            if (op is null) continue;
            if (member == spec.ClientName + "." + op.Method) return true;
            if (op.Stream is { } stream && member == spec.ClientName + "." + stream.Method) return true;
        }
        return false;
    }

    /// <summary>The operation's method (<c>Client.RunAsync</c>) when <paramref name="member"/> is its file overload, else null.</summary>
    private static string? MainMethod(SpecModel old, SpecModel @new, string member)
    {
        foreach (var spec in new[] { old, @new })
        {
            foreach (var op in spec.Operations)
            {
                if (member == spec.ClientName + "." + op.FromFileMethod) return spec.ClientName + "." + op.Method;
            }
        }
        return null;
    }

    private static string LastSegment(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? path : path.Substring(dot + 1);
    }

    private static string Normalise(string name) => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
