using System.IO;
using Toolkit.Runtime.Tests.Infrastructure;
using Toolkit.Tests.Shared;
using Xunit;

namespace Toolkit.Http.Tests;

/// <summary>Toolkit.Http's public surface, pinned in PublicApi/: what users call changes only in review.</summary>
public sealed class PublicSurfaceTests
{
    [Fact]
    public void TheHttpSurfaceIsTheReviewedOne()
        => PublicSurface.Matches(Path.Combine(SharedData.RepoRoot, "tests", "Toolkit.Http.Tests", "PublicApi", "Toolkit.Http.txt"),
            PublicSurface.Of(typeof(Toolkit.Http.Registration.ToolkitClients).Assembly));
}
