namespace Toolkit.Generator.Model;

/// <summary>One unit's emitted code, with the spec file it goes into.</summary>
internal sealed record EmittedPart(string SpecPath, string FileHintName, string Text);

/// <summary>One generated file: a spec's parts, in plan order.</summary>
internal sealed record GeneratedFile(string SpecPath, string HintName, string Text);
