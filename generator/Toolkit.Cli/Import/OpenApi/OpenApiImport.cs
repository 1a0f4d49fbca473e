using System.Collections.Generic;

namespace Toolkit.Cli.Import.OpenApi;

/// <summary>One OpenAPI import, as every command runs it: read (normalised, overlaid), then map to a spec.</summary>
internal static class OpenApiImport
{
    public static ImportResult Run(string document, IReadOnlyList<string> overlays, OpenApiImportOptions options)
    {
        var read = OpenApiDocuments.Read(document, overlays);
        ImportResult result;
        try
        {
            OpenApiReferenceCycles.Check(read.Raw);
            result = OpenApiImporter.Import(read.Document, read.Raw, read.Notes, options);
        }
        catch (OpenApiShapeException e)
        {
            throw new OpenApiReadException(document, OpenApiDocuments.LineOf(read.Text, document, e.Pointer.TrimStart('#')), null, e.Pointer + ": " + e.Message);
        }
        if (result.Spec["operations"] is System.Text.Json.Nodes.JsonObject { Count: 0 })
        {
            // A client of no operation is no client: say so rather than write a spec the generator refuses.
            throw new OpenApiReadException(document, null, null, "the document has no operation the spec format can express (GET, POST, PUT, PATCH or DELETE under \"paths\")"
                + (read.Notes.Count > 0 ? "; notes: " + string.Join("; ", read.Notes.All) : "."));
        }
        return result;
    }
}
