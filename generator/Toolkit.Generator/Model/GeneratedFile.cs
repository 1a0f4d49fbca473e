namespace Toolkit.Generator.Model;

/// <summary>One generated file: a spec's units, in plan order, emitted together (see <see cref="Emit.SpecFiles"/>).</summary>
internal sealed record GeneratedFile(string SpecPath, string HintName, EquatableArray<EmitUnit> Units);
