using Toolkit.Testing.Contracts;
using Toolkit.Testing.Matching;
using Toolkit.Testing.Redaction;

namespace Toolkit.Testing.Recording;

/// <summary>Settings of a <see cref="RecordingHandler"/>.</summary>
public sealed class RecordingOptions
{
    /// <summary>
    /// The mode. Null (the default) means the <c>TOOLKIT_RECORDING_MODE</c> environment variable, and
    /// <see cref="RecordingMode.Playback"/> when that is unset: CI never touches the network by accident.
    /// </summary>
    public RecordingMode? Mode { get; set; }

    /// <summary>The spec the recordings belong to: its name, version and SHA-256 go into the cassette header.</summary>
    public IApiContract? Contract { get; set; }

    /// <summary>
    /// The operation every recorded exchange belongs to (its key in the spec), written into the cassette so that
    /// <c>toolkit verify</c> and <c>replay</c> can route exchanges whose path several operations share. Null: not said.
    /// </summary>
    public string? Operation { get; set; }

    /// <summary>
    /// Playback of a stream recorded live releases its bytes at the recorded pace (<see cref="Cassettes.RecordedResponse.Timing"/>)
    /// instead of all at once, so a test sees events arrive as they did. Default false.
    /// </summary>
    public bool PaceStreams { get; set; }

    /// <summary>How live requests are matched to recorded ones.</summary>
    public MatchOptions Matching { get; } = new();

    /// <summary>
    /// The largest response body recorded (Record, Auto): a larger one throws
    /// <see cref="Toolkit.Runtime.Errors.ResponseTooLargeException"/> instead of filling memory. Default 64 MiB.
    /// </summary>
    public long MaxBodyBytes { get; set; } = Toolkit.Runtime.Transport.TransportLimits.DefaultMaxResponseBytes;

    /// <summary>What is scrubbed before a cassette is written (on top of what always is).</summary>
    public RedactionOptions Redaction { get; } = new();
}
