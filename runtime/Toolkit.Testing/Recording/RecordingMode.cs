using System;

namespace Toolkit.Testing.Recording;

/// <summary>What a <see cref="RecordingHandler"/> does with a request.</summary>
public enum RecordingMode
{
    /// <summary>Answer from the cassette only; the network is never touched and an unmatched request fails.</summary>
    Playback,

    /// <summary>Send every request to the real service and write a fresh cassette.</summary>
    Record,

    /// <summary>Answer from the cassette when it has the request; otherwise send it and add the exchange.</summary>
    Auto,

    /// <summary>Send every request to the real service; record nothing.</summary>
    Live,
}

/// <summary>Reads a <see cref="RecordingMode"/> from text, e.g. the <c>TOOLKIT_RECORDING_MODE</c> environment variable.</summary>
public static class RecordingModes
{
    /// <summary>The environment variable that sets the mode when code does not.</summary>
    public const string EnvironmentVariable = "TOOLKIT_RECORDING_MODE";

    /// <summary>Parses a mode name (case-insensitive). Unknown names are an error that lists the valid ones.</summary>
    public static RecordingMode Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var mode in Enum.GetValues<RecordingMode>())
        {
            if (mode.ToString().Equals(name.Trim(), StringComparison.OrdinalIgnoreCase)) return mode;
        }
        throw new ArgumentException(
            $"Unknown recording mode '{name}'. Use one of: {string.Join(", ", Enum.GetNames<RecordingMode>())}.", nameof(name));
    }

    /// <summary>
    /// The mode from <see cref="EnvironmentVariable"/>, or null when it is unset or empty. A set but unknown
    /// value throws, rather than silently falling back to some mode.
    /// </summary>
    public static RecordingMode? FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(value)) return null;
        try
        {
            return Parse(value);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{EnvironmentVariable}: {e.Message}", e);
        }
    }
}
