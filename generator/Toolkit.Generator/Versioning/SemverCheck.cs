using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis.Text;
using Toolkit.Generator.Diagnostics;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Versioning;

/// <summary>
/// Enforces semver across the versions of a spec held in one project: diffs each version against the one before
/// it, the wire and the generated C# surface as the model tells it (<see cref="SurfaceRules"/>), and reports, on the newer file at the changed field's line, a breaking change without a major bump
/// (TK0101, error) or a warning-level change without a minor bump (TK0102, warning).
/// </summary>
internal static class SemverCheck
{
    public static EquatableArray<DiagnosticInfo> Run(ImmutableArray<SpecModel> models)
    {
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var group in models.GroupBy(m => m.Name, StringComparer.Ordinal))
        {
            var ordered = group.Select(m => (Model: m, Version: SemanticVersion.TryParse(m.Version)!))
                .OrderBy(x => x.Version).ThenBy(x => x.Model.SpecPath, StringComparer.Ordinal).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                var (old, oldVersion) = ordered[i - 1];
                var (@new, newVersion) = ordered[i];
                var file = new SpecFile(@new);
                if (oldVersion.CompareTo(newVersion) == 0)
                {
                    diagnostics.Add(file.At(DiagnosticDescriptors.DuplicateVersion, new[] { "version" }, old.SpecPath, @new.Name, @new.Version));
                    continue;
                }
                var allowsBreaking = newVersion.AllowsBreakingChangesFrom(oldVersion);
                var allowsWarnings = newVersion.AllowsWarningsFrom(oldVersion);
                foreach (var change in SpecDiff.Compare(old, @new))
                {
                    // The wire and the generated C# surface both count: a surface break needs a major version as a wire break does.
                    var descriptor = change.Overall switch
                    {
                        // An imported document's version is the upstream's release number: its changes are news, not a broken promise.
                        ChangeSeverity.Breaking when !allowsBreaking && @new.UpstreamVersion => DiagnosticDescriptors.UpstreamBreakingChange,
                        ChangeSeverity.Warning when !allowsWarnings && @new.UpstreamVersion => DiagnosticDescriptors.UpstreamBreakingChange,
                        ChangeSeverity.Breaking when !allowsBreaking => DiagnosticDescriptors.BreakingChangeWithoutMajorBump,
                        ChangeSeverity.Warning when !allowsWarnings => DiagnosticDescriptors.ChangeWithoutMinorBump,
                        _ => null,
                    };
                    if (descriptor is null) continue;
                    diagnostics.Add(file.At(descriptor, change.Location, @new.Name, old.Version, @new.Version,
                        change.Rule.Id, change.Rule.Name, change.Message, Surface(change) + (change.Hint is null ? "" : " " + change.Hint)));
                }
            }
        }
        return diagnostics.ToEquatableArray();
    }

    /// <summary>What the change breaks in users' C#, when anything: " C# surface: Member: CS9035 ...".</summary>
    private static string Surface(SpecChange change)
        => change.Surface is { } s
            ? $" C# surface: {s.CompilerError} at {s.Member}: {s.Message}" + (change.Breaks == Breaks.Surface ? " (Compatible on the wire; not in C#.)" : "")
            : "";

    /// <summary>"the wire", "the C# surface", "the wire and the C# surface".</summary>
    internal static string Describe(Breaks breaks) => breaks switch
    {
        Breaks.Both => "the wire and the C# surface",
        Breaks.Wire => "the wire",
        Breaks.Surface => "the C# surface (the wire is compatible)",
        _ => "nothing",
    };

    /// <summary>The newer spec's key positions, indexed once (lazily: most pairs report nothing) to place its diagnostics.</summary>
    private sealed class SpecFile(SpecModel spec)
    {
        private Dictionary<string, SpecSpan>? _spans;

        /// <summary>A diagnostic at the deepest of <paramref name="keys"/> present in the spec (the file start if none).</summary>
        public DiagnosticInfo At(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, IEnumerable<string> keys, params string[] args)
        {
            _spans ??= spec.Spans.GroupBy(s => s.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            SpecSpan? found = null;
            var path = "";
            foreach (var key in keys)
            {
                path = path.Length == 0 ? key : path + SpecSpan.Separator + key;
                if (!_spans.TryGetValue(path, out var span)) break;
                found = span;
            }
            return new DiagnosticInfo(descriptor, found?.File ?? spec.SpecPath, found?.Span ?? new TextSpan(0, 0), found?.Lines ?? default, args.ToEquatableArray());
        }
    }
}
