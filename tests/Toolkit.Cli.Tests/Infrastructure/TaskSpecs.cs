using System.Collections.Generic;
using System.IO;
using System.Linq;
using Toolkit.Runtime.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Cli.Tests.Infrastructure;

/// <summary>
/// The Hugging Face task schemas in ../shared/hf-task-specs and ../shared/hf-task-specs-more (the two hold all 32
/// tasks: chat completion and text generation, with their stream_output.json, among the six of the second), and
/// their imported specs in specs/huggingface/tasks.
/// </summary>
internal static class TaskSpecs
{
    public static string? Directory => SharedData.Root is { } root && System.IO.Directory.Exists(Path.Combine(root, "hf-task-specs")) ? Path.Combine(root, "hf-task-specs") : null;

    public static string? MoreDirectory => SharedData.Root is { } root && System.IO.Directory.Exists(Path.Combine(root, "hf-task-specs-more")) ? Path.Combine(root, "hf-task-specs-more") : null;

    /// <summary>Both folders, imported as one set.</summary>
    public static IReadOnlyList<string> Directories => new[] { Directory, MoreDirectory }.Where(d => d is not null).Select(d => d!).ToList();

    public static string HistoryDirectory => Path.Combine(Directory ?? "", "history", "image-segmentation");

    /// <summary>The one task whose import is not checked in under tasks/: it has its own hand-made spec.</summary>
    public const string NotCheckedIn = "image-segmentation";

    public static string ImportedSpec(string task) => Path.Combine(SharedData.RepoRoot, "specs", "huggingface", "tasks", task, "1.0.0.json");

    /// <summary>The folder that holds <paramref name="task"/>.</summary>
    public static string FolderOf(string task) => Path.Combine(Directories.First(d => System.IO.Directory.Exists(Path.Combine(d, task))), task);

    /// <summary>Every task folder of both, with an input.json and an output.json.</summary>
    public static IEnumerable<object[]> Tasks()
    {
        if (Directory is null || MoreDirectory is null) return new[] { new object[] { "(../shared/hf-task-specs absent)" } };
        return Directories.SelectMany(System.IO.Directory.GetDirectories)
            .Where(d => File.Exists(Path.Combine(d, "input.json")) && File.Exists(Path.Combine(d, "output.json")))
            .Select(d => new object[] { Path.GetFileName(d) })
            .OrderBy(t => (string)t[0]);
    }
}

/// <summary>A theory over the shared task schemas; skipped with a clear message when ../shared is absent.</summary>
public sealed class TaskSpecsTheoryAttribute : TheoryAttribute
{
    public TaskSpecsTheoryAttribute()
    {
        if (TaskSpecs.Directory is null || TaskSpecs.MoreDirectory is null) Skip = "../shared/hf-task-specs or ../shared/hf-task-specs-more is absent beside the repository; the import tests need both.";
    }
}

/// <summary>A fact over the shared task schemas; skipped with a clear message when ../shared is absent.</summary>
public sealed class TaskSpecsFactAttribute : FactAttribute
{
    public TaskSpecsFactAttribute()
    {
        if (TaskSpecs.Directory is null || TaskSpecs.MoreDirectory is null) Skip = "../shared/hf-task-specs or ../shared/hf-task-specs-more is absent beside the repository; the import tests need both.";
    }
}
