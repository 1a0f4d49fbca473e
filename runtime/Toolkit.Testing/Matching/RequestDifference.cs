namespace Toolkit.Testing.Matching;

/// <summary>One way a live request differs from a recorded one.</summary>
/// <param name="Part">What differs: <c>method</c>, <c>url</c>, <c>query</c>, <c>header X</c> or <c>body</c>.</param>
/// <param name="Recorded">The recorded value (or "(none)").</param>
/// <param name="Actual">The live request's value (or "(none)").</param>
public sealed record RequestDifference(string Part, string Recorded, string Actual)
{
    /// <inheritdoc />
    public override string ToString() => $"{Part}: recorded {Recorded}, actual {Actual}";
}
