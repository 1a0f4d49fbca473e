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

    public static string ImageSegmentationSpec => Path.Combine(Toolkit.Runtime.Tests.Infrastructure.SharedData.RepoRoot, "specs", "huggingface", "image-segmentation", "1.0.0.json");
}
