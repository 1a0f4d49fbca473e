using System;
using System.Collections.Generic;

namespace Toolkit.Testing.Cassettes;

/// <summary>
/// Recorded HTTP exchanges of one test, with the spec they were recorded under. Saved and loaded by
/// <see cref="CassetteFile"/> (format documented in runtime/Toolkit.Testing/README.md).
/// </summary>
public sealed class Cassette
{
    /// <summary>The cassette format version this library writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The format version the file was written in.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The spec the exchanges were recorded under, when known.</summary>
    public CassetteSpec? Spec { get; set; }

    /// <summary>When the exchanges were recorded (UTC).</summary>
    public DateTimeOffset Recorded { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Where the exchanges came from, e.g. the imported file; null for recordings made here.</summary>
    public string? Source { get; set; }

    /// <summary>The exchanges, in the order they happened.</summary>
    public List<RecordedExchange> Exchanges { get; } = new();
}

/// <summary>A spec's identity: name, version and the SHA-256 of its text.</summary>
public sealed record CassetteSpec(string Name, string Version, string? Sha256);

/// <summary>One request and the response it got.</summary>
public sealed record RecordedExchange(RecordedRequest Request, RecordedResponse Response)
{
    /// <summary>
    /// The operation the request was made to (its key in the spec), when the recording says: it settles a request
    /// that several operations share a method and path with.
    /// </summary>
    public string? Operation { get; init; }
}

/// <summary>A recorded request. Header names keep their case; lookups ignore it.</summary>
public sealed record RecordedRequest(string Method, string Url, IReadOnlyDictionary<string, string> Headers, RecordedBody? Body);

/// <summary>A recorded response.</summary>
public sealed record RecordedResponse(int Status, IReadOnlyDictionary<string, string> Headers, RecordedBody? Body)
{
    /// <summary>
    /// For a streamed body recorded live: when its bytes arrived, as (offset in the body, milliseconds after the
    /// headers) pairs, in order. Empty for whole bodies and imported exchanges; playback can pace a stream by it.
    /// </summary>
    public IReadOnlyList<BodyTiming> Timing { get; init; } = System.Array.Empty<BodyTiming>();
}

/// <summary>The body's first <see cref="Offset"/> bytes had arrived <see cref="Milliseconds"/> after the headers.</summary>
public readonly record struct BodyTiming(long Offset, long Milliseconds);
