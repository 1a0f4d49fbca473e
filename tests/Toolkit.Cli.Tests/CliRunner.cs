using System.IO;
using Toolkit.Cli;

namespace Toolkit.Cli.Tests;

/// <summary>Runs the toolkit command in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = CommandLine.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>
    /// <c>toolkit import document --out spec</c> into <paramref name="folder"/> (a new file each time, named after the
    /// document): what it printed and the spec it wrote (null when none).
    /// </summary>
    public static (int Exit, string Output, string Error, System.Text.Json.Nodes.JsonObject? Spec, string SpecPath) Import(DirectoryInfo folder, string document, params string[] extra)
    {
        var spec = Path.Combine(folder.FullName, Path.GetFileNameWithoutExtension(document) + "." + System.Guid.NewGuid().ToString("N") + ".json");
        var (exit, output, error) = Run(System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Concat(new[] { "import", document, "--out", spec }, extra)));
        return (exit, output, error, File.Exists(spec) ? System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(spec))!.AsObject() : null, spec);
    }

    public static string ImageSegmentationSpec => Path.Combine(Toolkit.Runtime.Tests.Infrastructure.SharedData.RepoRoot, "specs", "huggingface", "image-segmentation", "1.0.0.json");
}
