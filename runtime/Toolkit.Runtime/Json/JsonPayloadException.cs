using System;

namespace Toolkit.Runtime.Json;

/// <summary>
/// A JSON body does not match the spec: malformed JSON, a wrong type or a missing required field.
/// <see cref="Path"/> says where (e.g. <c>$[2].score</c>) and <see cref="Expected"/> what the spec wants there.
/// </summary>
public sealed class JsonPayloadException : FormatException
{
    /// <summary>Creates the exception. Anything shaped like a token in the path or the quoted value is replaced.</summary>
    public JsonPayloadException(string path, string expected, string actual, Exception? innerException = null)
        : base($"Invalid JSON at {Errors.Secrets.ScrubTokenShapes(path)}: expected {expected}, found {Errors.Secrets.ScrubTokenShapes(actual)}.", innerException)
    {
        Path = Errors.Secrets.ScrubTokenShapes(path);
        Expected = expected;
        Actual = Errors.Secrets.ScrubTokenShapes(actual);
    }

    /// <summary>The JSON path of the offending value, e.g. <c>$[0].label</c>.</summary>
    public string Path { get; }

    /// <summary>What the spec expects at <see cref="Path"/>.</summary>
    public string Expected { get; }

    /// <summary>What the body had instead.</summary>
    public string Actual { get; }
}
