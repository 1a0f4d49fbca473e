using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Matching;

namespace Toolkit.Testing.Recording;

/// <summary>
/// A request the cassette has no answer for. The message says which request, the closest recorded one and
/// each difference, the mode, and how to record it.
/// </summary>
public sealed class UnmatchedRequestException : InvalidOperationException
{
    internal UnmatchedRequestException(
        string cassettePath, RecordingMode mode, bool modeFromCode, RecordedRequest request,
        RecordedRequest? closest, int closestIndex, IReadOnlyList<RequestDifference> differences, string? reason)
        : base(Format(cassettePath, mode, modeFromCode, request, closest, closestIndex, differences, reason))
    {
        CassettePath = cassettePath;
        Mode = mode;
        Request = request;
        Closest = closest;
        Differences = differences;
    }

    /// <summary>The cassette that was searched.</summary>
    public string CassettePath { get; }

    /// <summary>The mode the handler ran in.</summary>
    public RecordingMode Mode { get; }

    /// <summary>The live request (redacted).</summary>
    public RecordedRequest Request { get; }

    /// <summary>The most similar recorded request, or null when the cassette is empty or missing.</summary>
    public RecordedRequest? Closest { get; }

    /// <summary>How <see cref="Request"/> differs from <see cref="Closest"/>.</summary>
    public IReadOnlyList<RequestDifference> Differences { get; }

    private static string Format(
        string cassettePath, RecordingMode mode, bool modeFromCode, RecordedRequest request,
        RecordedRequest? closest, int closestIndex, IReadOnlyList<RequestDifference> differences, string? reason)
    {
        var sb = new StringBuilder();
        sb.Append("No recorded response for ").Append(request.Method).Append(' ').Append(request.Url)
          .Append(" in cassette '").Append(cassettePath).Append("' (mode ").Append(mode).Append(").");
        if (reason is not null) sb.Append(' ').Append(reason);
        if (closest is null)
        {
            sb.Append("\nThe cassette has no exchanges.");
        }
        else if (differences.Count > 0)
        {
            sb.Append("\nClosest recorded request (exchange ").Append(closestIndex).Append("): ")
              .Append(closest.Method).Append(' ').Append(closest.Url).Append("\nDifferences:");
            foreach (var d in differences) sb.Append("\n  - ").Append(d);
        }
        sb.Append("\nTo record it: ");
        sb.Append(modeFromCode
            ? "set RecordingOptions.Mode to RecordingMode.Auto (adds what is missing) or RecordingMode.Record (re-records the cassette) and run against the real service."
            : $"run the test with {RecordingModes.EnvironmentVariable}=Auto (adds what is missing) or {RecordingModes.EnvironmentVariable}=Record (re-records the cassette) against the real service.");
        return sb.ToString();
    }
}
