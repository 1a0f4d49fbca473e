using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Import;

namespace Toolkit.Cli.Commands;

/// <summary>The recordings a command is given: cassettes or neutral exchange files, folders searched for *.json.</summary>
internal static class Recordings
{
    /// <summary>Every file read, in order; null (after printing why) when one cannot be read or none is found.</summary>
    public static List<(string Path, Cassette Cassette)>? Load(IEnumerable<string> inputs, TextWriter error)
    {
        var cassettes = new List<(string, Cassette)>();
        foreach (var path in Expand(inputs))
        {
            try
            {
                var bytes = File.ReadAllBytes(path);
                var cassette = ExchangeFileImporter.IsExchangeFile(bytes) ? ExchangeFileImporter.Import(bytes, path) : CassetteFile.Read(bytes, path);
                cassettes.Add((path, cassette));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CassetteFormatException)
            {
                error.WriteLine("error: " + e.Message);
                return null;
            }
        }
        if (cassettes.Count == 0)
        {
            error.WriteLine("error: no cassette or exchange files found in " + string.Join(", ", inputs));
            return null;
        }
        return cassettes;
    }

    private static IEnumerable<string> Expand(IEnumerable<string> inputs)
    {
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                foreach (var file in Directory.GetFiles(input, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)) yield return file;
            }
            else
            {
                yield return input;
            }
        }
    }
}
