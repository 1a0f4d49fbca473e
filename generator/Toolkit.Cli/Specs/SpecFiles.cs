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
        if (IsOpenApi(full)) return Array.Empty<OverlayText>(); // its overlays are OpenAPI Overlays, applied at import
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder)) return Array.Empty<OverlayText>();
        return Directory.GetFiles(folder, "*" + OverlayApplier.FileSuffix)
            .Order(StringComparer.Ordinal)
            .Select(path => OverlayApplier.Read(path, File.ReadAllText(path)))
            .Where(o => o.Problem is not null || string.Equals(o.Extends, full, StringComparison.Ordinal))
            .ToList();
    }

    /// <summary>
    /// The spec with its overlays, ready to parse. An OpenAPI document is imported first (with the OpenAPI Overlays
    /// beside it), so that every command takes one as it takes a spec; one that cannot be read is an
    /// <see cref="Import.OpenApi.OpenApiReadException"/>.
    /// </summary>
    public static SpecInput Input(string specPath)
    {
        var full = Path.GetFullPath(specPath);
        if (Import.OpenApi.OpenApiDocuments.IsOpenApi(full))
        {
            var imported = Import.OpenApi.OpenApiImport.Run(full, Import.OpenApi.OpenApiOverlays.Beside(full), new Import.OpenApi.OpenApiImportOptions());
            return new SpecInput(new SpecText(full, imported.ToText(), null), EquatableArray<OverlayText>.Empty);
        }
        return new SpecInput(new SpecText(full, File.ReadAllText(full), null), OverlaysOf(full).Where(o => o.Problem is null).ToEquatableArray());
    }

    /// <summary>Whether a file is read through the OpenAPI importer rather than as a spec.</summary>
    public static bool IsOpenApi(string path) => Import.OpenApi.OpenApiDocuments.IsOpenApi(path);
}
