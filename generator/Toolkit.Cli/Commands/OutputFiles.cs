using System.IO;

namespace Toolkit.Cli.Commands;

/// <summary>Checks a file the CLI is about to write, so that a folder or a bad path is a usage error, not a crash.</summary>
internal static class OutputFiles
{
    /// <summary>True when <paramref name="file"/> can be written; else writes why and returns false.</summary>
    public static bool CanWrite(FileInfo file, string option, TextWriter error)
    {
        if (Directory.Exists(file.FullName))
        {
            error.WriteLine($"error: {option} '{file.FullName}' is a folder; give a file path, e.g. {Path.Combine(file.FullName, "out.json")}.");
            return false;
        }
        if (file.Name.Length == 0)
        {
            error.WriteLine($"error: {option} '{file.FullName}' names no file.");
            return false;
        }
        return true;
    }
}
