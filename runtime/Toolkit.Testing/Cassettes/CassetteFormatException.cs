using System;

namespace Toolkit.Testing.Cassettes;

/// <summary>A cassette or exchange file is not in the expected format: names the file, the JSON path and what was expected.</summary>
public sealed class CassetteFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public CassetteFormatException(string source, string path, string expected)
        : base($"{source}: invalid at {path}: expected {expected}.")
    {
        Source = source;
        Path = path;
        Expected = expected;
    }

    /// <summary>The file (or other source) that was read.</summary>
    public new string Source { get; }

    /// <summary>The JSON path of the offending value.</summary>
    public string Path { get; }

    /// <summary>What the format wants there.</summary>
    public string Expected { get; }
}
