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
