using System;
using System.IO;
using Xunit;

namespace Toolkit.Runtime.Tests.Infrastructure;

/// <summary>The ../shared folder beside the repository: third-party data that tests read but never copy.</summary>
internal static class SharedData
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string? Root
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
            return Directory.Exists(path) ? path : null;
        }
    }

    public static string RecordedDirectory => Path.Combine(Root ?? "", "recorded", "hf-inference");

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Toolkit.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Toolkit.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fact that needs ../shared/recorded/hf-inference; skipped with a clear message when it is absent.</summary>
public sealed class RecordedFactAttribute : FactAttribute
{
    public RecordedFactAttribute()
    {
        if (SharedData.Root is null || !Directory.Exists(SharedData.RecordedDirectory))
        {
            Skip = "../shared/recorded/hf-inference is absent beside the repository; the recorded-exchange tests need it.";
        }
    }
}

/// <summary>A fact that needs ../shared/pngsuite; skipped with a clear message when it is absent.</summary>
public sealed class PngSuiteFactAttribute : FactAttribute
{
    public PngSuiteFactAttribute()
    {
        if (SharedData.Root is null || !Directory.Exists(Path.Combine(SharedData.Root, "pngsuite")))
        {
            Skip = "../shared/pngsuite is absent beside the repository; the PNG conformance tests need it.";
        }
    }
}

/// <summary>A fact that needs ../shared/recorded/hf-inference-tasks; skipped with a clear message when it is absent.</summary>
public sealed class TasksFactAttribute : FactAttribute
{
    public TasksFactAttribute()
    {
        if (SharedData.Root is null || !Directory.Exists(Path.Combine(SharedData.Root, "recorded", "hf-inference-tasks")))
        {
            Skip = "../shared/recorded/hf-inference-tasks is absent beside the repository; the whole-API recording and contract-truth tests need it.";
        }
    }
}

/// <summary>The theory form of <see cref="TasksFactAttribute"/>.</summary>
public sealed class TasksTheoryAttribute : TheoryAttribute
{
    public TasksTheoryAttribute()
    {
        if (SharedData.Root is null || !Directory.Exists(Path.Combine(SharedData.Root, "recorded", "hf-inference-tasks")))
        {
            Skip = "../shared/recorded/hf-inference-tasks is absent beside the repository; the whole-API recording and contract-truth tests need it.";
        }
    }
}

/// <summary>A fact that needs ../shared/openapi; skipped with a clear message when it is absent.</summary>
public sealed class OpenApiFactAttribute : FactAttribute
{
    /// <param name="document">A document under ../shared/openapi the test needs (e.g. <c>openai/openapi.yaml</c>), if any.</param>
    public OpenApiFactAttribute(string? document = null)
    {
        if (SharedData.Root is null || !Directory.Exists(Path.Combine(SharedData.Root, "openapi")))
        {
            Skip = "../shared/openapi is absent beside the repository; the OpenAPI import tests on real documents need it.";
        }
        else if (document is not null && !File.Exists(Path.Combine(SharedData.Root, "openapi", document)))
        {
            Skip = $"../shared/openapi/{document} is absent beside the repository; this test needs it.";
        }
    }
}

/// <summary>The theory form of <see cref="OpenApiFactAttribute"/>.</summary>
public sealed class OpenApiTheoryAttribute : TheoryAttribute
{
    public OpenApiTheoryAttribute()
    {
        if (SharedData.Root is null || !Directory.Exists(Path.Combine(SharedData.Root, "openapi")))
        {
            Skip = "../shared/openapi is absent beside the repository; the OpenAPI import tests on real documents need it.";
        }
    }
}
