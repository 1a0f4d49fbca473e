using Microsoft.CodeAnalysis.Text;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>
/// One generated file per spec, emitted from the spec's units (each type, and each spec-wide class, one body each).
/// </summary>
/// <remarks>
/// Why one file a spec and not one a type: Roslyn adds every generated file again on every run, cached or not, and
/// checks its name against all files added before (Roslyn 4.8), so an unrelated keystroke cost 1.5 µs and more per
/// file: 1.1 ms with the 755 files of the 29 specs in specs/, against 0.1 ms with one spec.
/// Why the file is emitted whole, into one builder, and its parts are not cached one by one: keeping every part's text
/// between runs made a full generation a fifth slower in garbage collection, and a full generation is what every
/// command-line build pays; editing a spec re-emits that spec's file only.
/// </remarks>
internal static class SpecFiles
{
    /// <summary>
    /// The file of a spec: <c>{namespace}.{spec name}.{version}.g.cs</c>. Unique among the specs that generate code: two
    /// specs with the same namespace, name and version declare the same types, and the clash check keeps one.
    /// </summary>
    public static string HintName(SpecModel spec) => spec.Namespace + "." + Safe(spec.Name) + "." + Safe(spec.Version) + ".g.cs";

    /// <summary>The file of <paramref name="spec"/>: its units in plan order (the one plan of the spec: the clash check reads it too).</summary>
    public static GeneratedFile Plan(SpecModel spec, Integrations integrations)
    {
        var units = Emitter.Plan(spec, integrations);
        return new GeneratedFile(spec.SpecPath, HintName(spec), units);
    }

    /// <summary>
    /// The file's text: the header (see <see cref="SourceWriter.Header"/>) once, then each unit's code after a blank
    /// line, all written into one builder and copied once into the compiler's text.
    /// </summary>
    public static SourceText Text(GeneratedFile file)
    {
        var units = file.Units;
        var w = SourceWriter.ForFile(units[0].SpecName, units[0].SpecVersion);
        for (var i = 0; i < units.Count; i++)
        {
            if (i > 0) w.Line();
            Emitter.Emit(w, units[i]);
        }
        return w.ToSourceText();
    }

    /// <summary>A spec's name or version as part of a file name: letters, digits, '-', '_' and '.'; anything else '_'.</summary>
    private static string Safe(string value)
    {
        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c is '-' or '_' or '.')) chars[i] = '_';
        }
        return new string(chars);
    }
}
