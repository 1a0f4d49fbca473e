using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis.Text;
using Toolkit.Generator.Diagnostics;
using Toolkit.Generator.Model;
using Toolkit.Generator.Parsing;

namespace Toolkit.Generator.Versioning;

/// <summary>
/// Enforces semver across the versions of a spec held in one project: diffs each version against the one before
/// it and reports, on the newer file at the changed field's line, a breaking change without a major bump
/// (TK0101, error) or a warning-level change without a minor bump (TK0102, warning).
/// </summary>
internal static class SemverCheck
{
    public static EquatableArray<DiagnosticInfo> Run(ImmutableArray<SpecModel> models, ImmutableArray<SpecText> texts)
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
                var text = texts.FirstOrDefault(t => t.Path == @new.SpecPath)?.Text ?? "";
                if (oldVersion.CompareTo(newVersion) == 0)
                {
                    diagnostics.Add(At(DiagnosticDescriptors.DuplicateVersion, @new.SpecPath, text, new[] { "version" }, old.SpecPath, @new.Name, @new.Version));
                    continue;
                }
                var allowsBreaking = newVersion.AllowsBreakingChangesFrom(oldVersion);
                var allowsWarnings = newVersion.AllowsWarningsFrom(oldVersion);
                foreach (var change in SpecDiff.Compare(old, @new))
                {
                    var descriptor = change.Severity switch
                    {
                        ChangeSeverity.Breaking when !allowsBreaking => DiagnosticDescriptors.BreakingChangeWithoutMajorBump,
                        ChangeSeverity.Warning when !allowsWarnings => DiagnosticDescriptors.ChangeWithoutMinorBump,
                        _ => null,
                    };
                    if (descriptor is null) continue;
                    diagnostics.Add(At(descriptor, @new.SpecPath, text, change.Location, @new.Name, old.Version, @new.Version,
                        change.Rule.Id, change.Rule.Name, change.Message, change.Hint is null ? "" : " " + change.Hint));
                }
            }
        }
        return diagnostics.ToEquatableArray();
    }

    /// <summary>A diagnostic at the deepest of <paramref name="keys"/> present in the spec text (the file start if none).</summary>
    private static DiagnosticInfo At(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, string path, string text, IEnumerable<string> keys, params string[] args)
    {
        var span = Locate(text, keys);
        var source = SourceText.From(text);
        return new DiagnosticInfo(descriptor, path, span, source.Lines.GetLinePositionSpan(span), args.ToEquatableArray());
    }

    private static TextSpan Locate(string text, IEnumerable<string> keys)
    {
        var root = JsonTextParser.TryParse(text, out _, out _) as JsonObject;
        var span = new TextSpan(0, 0);
        JsonObject? current = root;
        foreach (var key in keys)
        {
            var property = current?.Properties.FirstOrDefault(p => p.Name == key);
            if (property is null) break;
            span = property.NameSpan;
            current = property.Value as JsonObject;
        }
        return span;
    }
}
