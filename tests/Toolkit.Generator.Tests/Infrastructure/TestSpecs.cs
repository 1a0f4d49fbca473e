using System;
using System.IO;

namespace Toolkit.Generator.Tests.Infrastructure;

/// <summary>Locates files in the repository and in ../shared beside it.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ImageSegmentationSpecPath => Path.Combine(RepoRoot, "specs", "huggingface", "image-segmentation", "1.0.0.json");

    public static string ImageSegmentationSpec => File.ReadAllText(ImageSegmentationSpecPath);

    public static string BaselineDirectory(string name) => Path.Combine(RepoRoot, "tests", "Toolkit.Generator.Tests", "Baselines", name);

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Toolkit.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Toolkit.sln not found above " + AppContext.BaseDirectory);
    }
}
