using System.IO;
using Toolkit.Runtime.Tests.Infrastructure;
using Toolkit.Tests.Shared;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>
/// The public surface of the shipped libraries and of the real Hugging Face client (generated from specs/huggingface),
/// pinned in PublicApi/: what users call changes only in review.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static string Baseline(string name) => Path.Combine(SharedData.RepoRoot, "tests", "Toolkit.Runtime.Tests", "PublicApi", name);

    [Fact]
    public void TheRuntimeSurfaceIsTheReviewedOne()
        => PublicSurface.Matches(Baseline("Toolkit.Runtime.txt"), PublicSurface.Of(typeof(Toolkit.Runtime.Transport.ApiTransport).Assembly));

    [Fact]
    public void TheTestingSurfaceIsTheReviewedOne()
        => PublicSurface.Matches(Baseline("Toolkit.Testing.txt"), PublicSurface.Of(typeof(Toolkit.Testing.Contracts.IApiContract).Assembly));

    [Fact]
    public void TheHuggingFaceClientsSurfaceIsTheReviewedOne()
        => PublicSurface.Matches(Baseline("HuggingFace.txt"),
            PublicSurface.Of(typeof(HuggingFace.Inference.HfInferenceClient).Assembly, ns => ns == "HuggingFace.Inference" || ns.StartsWith("HuggingFace.Inference.", System.StringComparison.Ordinal)));
}
