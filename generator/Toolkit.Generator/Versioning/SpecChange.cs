using Toolkit.Generator.Model;

namespace Toolkit.Generator.Versioning;

/// <summary>How much a change matters to the clients of the old version.</summary>
internal enum ChangeSeverity
{
    /// <summary>Compatible: nothing a client does stops working.</summary>
    Info,

    /// <summary>Compatible on the wire, but clients may notice (new response values, changed defaults).</summary>
    Warning,

    /// <summary>Requests that worked may fail, or responses may not read as before.</summary>
    Breaking,
}

/// <summary>A kind of change: a stable id (<c>TKD001</c>), a name (<c>request-field-removed</c>) and its usual severity.</summary>
internal sealed record ChangeRule(string Id, string Name, ChangeSeverity Severity, string Title);

/// <summary>What a change breaks: the wire (what a client sends and reads), the generated C# surface (what users call and construct), both, or neither.</summary>
internal enum Breaks
{
    Nothing,
    Wire,
    Surface,
    Both,
}

/// <summary>
/// What a change does to the generated C# surface: the member users' code names, the compiler error (or warning)
/// that code gets, and how much it matters (<see cref="ChangeSeverity.Breaking"/>: code that compiled stops compiling
/// or binds differently; <see cref="ChangeSeverity.Warning"/>: a new warning, an error under TreatWarningsAsErrors).
/// </summary>
/// <param name="Member">The C# member without its namespace: <c>EmbedRequest.Dimensions</c>, <c>TextEmbeddingsInferenceClient.EmbedAsync</c>.</param>
/// <param name="CompilerError">The compiler's id (<c>CS9035</c>), or <c>none</c> when the code compiles but binds differently.</param>
internal sealed record SurfaceImpact(ChangeSeverity Severity, string Member, string CompilerError, string Message);

/// <summary>One difference between two versions of a spec.</summary>
/// <param name="Severity">What it does on the wire (the rule's severity unless a closed enum makes it worse).</param>
/// <param name="Path">Where, in spec terms: <c>payload.parameters.threshold</c>, <c>response[].mask</c>, <c>headers.x-use-cache</c>.</param>
/// <param name="Location">JSON keys leading to the place in the new spec file (the deepest one present is reported).</param>
/// <param name="Surface">What it does to the generated C# surface, when anything: predicted from the model by the diff
/// (the build's semver check) or measured by compiling both versions (<c>toolkit diff</c>).</param>
/// <param name="Member">The generated member the change is about (<c>Type.Property</c>, <c>Client.MethodAsync</c>), to match measured surface findings.</param>
internal sealed record SpecChange(
    ChangeRule Rule,
    ChangeSeverity Severity,
    string Path,
    string Message,
    string? OldValue,
    string? NewValue,
    string? Hint,
    EquatableArray<string> Location,
    SurfaceImpact? Surface = null,
    string? Member = null)
{
    /// <summary>The wire's severity: info for a change that only the C# surface sees.</summary>
    public ChangeSeverity WireSeverity => Severity;

    /// <summary>The worse of the wire's and the surface's: what semver needs.</summary>
    public ChangeSeverity Overall => Surface is { } s && s.Severity > Severity ? s.Severity : Severity;

    /// <summary>Which of the two it breaks.</summary>
    public Breaks Breaks => (Severity == ChangeSeverity.Breaking, Surface?.Severity == ChangeSeverity.Breaking) switch
    {
        (true, true) => Breaks.Both,
        (true, false) => Breaks.Wire,
        (false, true) => Breaks.Surface,
        _ => Breaks.Nothing,
    };
}
