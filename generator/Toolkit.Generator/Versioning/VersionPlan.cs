using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Versioning;

/// <summary>Where one spec file's code goes: its final namespace, or nowhere (a baseline kept for the semver check).</summary>
internal sealed record SpecPlacement(string SpecPath, string Namespace, bool Generate);

/// <summary>
/// Places several versions of one spec in one project. With <c>ToolkitSpecVersions=all</c> (the default) every
/// version generates code; when versions would share a namespace the oldest keeps it and the newer ones get a
/// <c>.V{major}</c> suffix (<c>.V{major}_{minor}</c> or <c>.V{major}_{minor}_{patch}</c> when majors repeat). With <c>latest</c> only the highest version of each spec
/// generates code, in its own namespace; the others are baselines for the semver check.
/// </summary>
internal static class VersionPlan
{
    public const string AllVersions = "all";
    public const string LatestOnly = "latest";

    public static EquatableArray<SpecPlacement> Place(ImmutableArray<SpecModel> models, string mode)
    {
        var result = new List<SpecPlacement>();
        foreach (var group in models.GroupBy(m => m.Name, StringComparer.Ordinal))
        {
            var ordered = group.OrderBy(m => SemanticVersion.TryParse(m.Version)).ThenBy(m => m.SpecPath, StringComparer.Ordinal).ToList();
            if (mode == LatestOnly)
            {
                var latest = ordered[ordered.Count - 1];
                result.AddRange(ordered.Select(m => new SpecPlacement(m.SpecPath, m.Namespace, ReferenceEquals(m, latest))));
                continue;
            }
            foreach (var sameNamespace in ordered.GroupBy(m => m.Namespace, StringComparer.Ordinal))
            {
                var specs = sameNamespace.ToList();
                if (specs.Count == 1)
                {
                    result.Add(new SpecPlacement(specs[0].SpecPath, specs[0].Namespace, true));
                    continue;
                }
                var versions = specs.Select(m => SemanticVersion.TryParse(m.Version)!).ToList();
                Func<SemanticVersion, string> suffix =
                    Distinct(versions, v => v.Major.ToString(CultureInfo.InvariantCulture)) ? v => "V" + v.Major.ToString(CultureInfo.InvariantCulture)
                    : Distinct(versions, v => v.Major + "_" + v.Minor) ? v => "V" + v.Major.ToString(CultureInfo.InvariantCulture) + "_" + v.Minor.ToString(CultureInfo.InvariantCulture)
                    : v => "V" + v.Major.ToString(CultureInfo.InvariantCulture) + "_" + v.Minor.ToString(CultureInfo.InvariantCulture) + "_" + v.Patch.ToString(CultureInfo.InvariantCulture);
                // The oldest version keeps the plain namespace: code that compiled against it still compiles when a newer
                // file is added, so the semver report is what the build says, not dozens of unresolved names.
                result.Add(new SpecPlacement(specs[0].SpecPath, specs[0].Namespace, true));
                for (var i = 1; i < specs.Count; i++)
                {
                    result.Add(new SpecPlacement(specs[i].SpecPath, specs[i].Namespace + "." + suffix(versions[i]), true));
                }
            }
        }
        return result.OrderBy(p => p.SpecPath, StringComparer.Ordinal).ToEquatableArray();
    }

    private static bool Distinct(List<SemanticVersion> versions, Func<SemanticVersion, string> key)
        => versions.Select(key).Distinct(StringComparer.Ordinal).Count() == versions.Count;

    /// <summary>The model as placed: its namespace replaced, or null when it is a baseline only.</summary>
    public static SpecModel? Apply(SpecModel model, EquatableArray<SpecPlacement> placements)
    {
        var placement = placements.FirstOrDefault(p => p.SpecPath == model.SpecPath);
        if (placement is null) return model;
        if (!placement.Generate) return null;
        return placement.Namespace == model.Namespace ? model : model with { Namespace = placement.Namespace };
    }
}
