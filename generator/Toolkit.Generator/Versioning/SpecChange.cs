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

/// <summary>One difference between two versions of a spec.</summary>
/// <param name="Path">Where, in spec terms: <c>payload.parameters.threshold</c>, <c>response[].mask</c>, <c>headers.x-use-cache</c>.</param>
/// <param name="Location">JSON keys leading to the place in the new spec file (the deepest one present is reported).</param>
internal sealed record SpecChange(
    ChangeRule Rule,
    ChangeSeverity Severity,
    string Path,
    string Message,
    string? OldValue,
    string? NewValue,
    string? Hint,
    EquatableArray<string> Location);
