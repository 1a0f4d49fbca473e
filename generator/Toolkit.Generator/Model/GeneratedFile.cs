namespace Toolkit.Generator.Model;

/// <summary>One unit's emitted code, with the spec file it goes into.</summary>
internal sealed record EmittedPart(string SpecPath, string FileHintName, string Text);

/// <summary>
/// One generated file: a spec's parts, in plan order. Kept as the parts (not joined) so that the file's text is copied
/// once, into the compiler's source text (see <see cref="Emit.SpecFiles.Text"/>).
/// </summary>
internal sealed record GeneratedFile(string SpecPath, string HintName, EquatableArray<EmittedPart> Parts);
