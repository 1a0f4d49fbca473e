namespace Toolkit.Generator.Model;

/// <summary>A pipeline value together with the diagnostics produced while computing it.</summary>
internal sealed record Result<T>(T? Value, EquatableArray<DiagnosticInfo> Diagnostics)
    where T : class;
