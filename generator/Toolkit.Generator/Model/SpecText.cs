namespace Toolkit.Generator.Model;

/// <summary>
/// A spec file's path and text (null when it could not be read), and the namespace its MSBuild item asks for
/// instead of the spec's own; the first, equatable pipeline value.
/// </summary>
internal sealed record SpecText(string Path, string? Text, string? NamespaceOverride);

/// <summary>The generated type names of one spec, to find clashes between specs.</summary>
internal sealed record SpecTypeNames(string Path, string Namespace, EquatableArray<string> TypeNames);

/// <summary>Clashes between specs: diagnostics, and the specs whose files are not emitted because of them.</summary>
internal sealed record TypeConflicts(EquatableArray<DiagnosticInfo> Diagnostics, EquatableArray<string> BlockedSpecs);

/// <summary>
/// An overlay file's path and text, and the full path of the spec it extends, or why that cannot be told; the
/// overlays of a spec travel with its text into the parse step.
/// </summary>
internal sealed record OverlayText(string Path, string? Text, string? Extends, DiagnosticInfo? Problem);

/// <summary>A spec file with the overlays that extend it, in path order: what one parse reads.</summary>
internal sealed record SpecInput(SpecText Spec, EquatableArray<OverlayText> Overlays);
