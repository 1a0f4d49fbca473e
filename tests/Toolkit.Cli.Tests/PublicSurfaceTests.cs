using System.IO;
using System.Linq;
using Toolkit.Runtime.Tests.Infrastructure;
using Toolkit.Tests.Shared;
using Xunit;

namespace Toolkit.Cli.Tests;

/// <summary>
/// The public surface of a client imported from a real OpenAPI document (text-embeddings-inference, the newest release
/// in ../shared), pinned in PublicApi/: a rename or a moved parameter shows up in review.
/// </summary>
public sealed class PublicSurfaceTests
{
    [TeiClientFact]
    public void TheNewestTextEmbeddingsInferenceClientsSurfaceIsTheReviewedOne()
    {
        var assembly = System.Reflection.Assembly.Load("TextEmbeddingsInference");
        // Each release has its own namespace (the oldest the plain one, then .V{major}_{minor}): the newest has the highest.
        var ns = assembly.GetExportedTypes().Where(t => t.Name == "TextEmbeddingsInferenceClient").Select(t => t.Namespace!)
            .OrderBy(n => n.Contains(".V", System.StringComparison.Ordinal)
                ? new System.Version(n[(n.LastIndexOf(".V", System.StringComparison.Ordinal) + 2)..].Replace('_', '.') + (n.Contains('_') ? "" : ".0"))
                : new System.Version(0, 0))
            .Last();
        PublicSurface.Matches(Path.Combine(SharedData.RepoRoot, "tests", "Toolkit.Cli.Tests", "PublicApi", "TextEmbeddingsInference.txt"),
            PublicSurface.Of(assembly, n => n == ns));
    }
}

/// <summary>A fact that needs ../shared/openapi/text-embeddings-inference (the imported client); skipped when it is absent.</summary>
public sealed class TeiClientFactAttribute : FactAttribute
{
    public TeiClientFactAttribute()
    {
        if (SharedData.Root is null || !Directory.Exists(Path.Combine(SharedData.Root, "openapi", "text-embeddings-inference")))
        {
            Skip = "../shared/openapi/text-embeddings-inference is absent beside the repository; no client was imported to pin.";
        }
    }
}
