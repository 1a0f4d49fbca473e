using System.Collections.Generic;

namespace Toolkit.Cli.Import.OpenApi;

/// <summary>One OpenAPI import, as every command runs it: read (normalised, overlaid), then map to a spec.</summary>
internal static class OpenApiImport
{
    public static ImportResult Run(string document, IReadOnlyList<string> overlays, OpenApiImportOptions options)
    {
        var read = OpenApiDocuments.Read(document, overlays);
        return OpenApiImporter.Import(read.Document, read.Raw, read.Notes, options);
    }
}
