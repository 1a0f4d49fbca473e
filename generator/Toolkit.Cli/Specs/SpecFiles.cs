using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Toolkit.Generator.Model;
using Toolkit.Generator.Parsing;

namespace Toolkit.Cli.Specs;

/// <summary>
/// A spec file and the overlays beside it that extend it: what the CLI reads, as a build would (an overlay in the
/// spec's folder is an AdditionalFile of the project too), so every command sees the corrected spec.
/// </summary>
internal static class SpecFiles
{
    /// <summary>The overlays in the spec's folder whose <c>extends</c> names it, in path order.</summary>
    public static IReadOnlyList<OverlayText> OverlaysOf(string specPath)
    {
        var full = Path.GetFullPath(specPath);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder)) return Array.Empty<OverlayText>();
        return Directory.GetFiles(folder, "*" + OverlayApplier.FileSuffix)
            .Order(StringComparer.Ordinal)
            .Select(path => OverlayApplier.Read(path, File.ReadAllText(path)))
            .Where(o => o.Problem is not null || string.Equals(o.Extends, full, StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>The spec with its overlays, ready to parse.</summary>
    public static SpecInput Input(string specPath)
    {
        var full = Path.GetFullPath(specPath);
        return new SpecInput(new SpecText(full, File.ReadAllText(full), null), OverlaysOf(full).Where(o => o.Problem is null).ToEquatableArray());
    }
}
