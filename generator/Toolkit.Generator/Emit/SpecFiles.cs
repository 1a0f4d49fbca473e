using System;
using System.IO;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>
/// One generated file per spec, emitted from the spec's units (each type, and each part of the spec-wide classes).
/// </summary>
/// <remarks>
/// Why one file a spec and not one a type: Roslyn adds every generated file again on every run, cached or not, and
/// checks its name against all files added before (Roslyn 4.8), so an unrelated keystroke cost 1.5 µs and more per
/// file: 1.1 ms with the 755 files of the 29 specs in specs/, against 0.1 ms with one spec.
/// Why the file is emitted whole and its parts are not cached one by one: keeping every part's text between runs (and
/// joining them into the file's text) made a full generation a fifth slower in garbage collection, and a full
/// generation is what every command-line build pays; editing a spec re-emits that spec's file only.
/// </remarks>
internal static class SpecFiles
{
    /// <summary>
    /// The file of a spec: <c>{namespace}.{spec name}.{version}.g.cs</c>. Unique among the specs that generate code: two
    /// specs with the same namespace, name and version declare the same types, and the clash check keeps one.
    /// </summary>
    public static string HintName(SpecModel spec) => spec.Namespace + "." + Safe(spec.Name) + "." + Safe(spec.Version) + ".g.cs";

    /// <summary>The file of <paramref name="spec"/>: its units in plan order.</summary>
    public static GeneratedFile Plan(SpecModel spec, bool withHttpIntegration)
    {
        var units = Emitter.Plan(spec, withHttpIntegration);
        return new GeneratedFile(spec.SpecPath, HintName(spec), units);
    }

    /// <summary>
    /// The file's text: its units emitted one after another, the header (see <see cref="SourceWriter.Header"/>) written
    /// once, at the top. Read into the source text straight from the parts, without joining them into one string first.
    /// </summary>
    public static SourceText Text(GeneratedFile file)
    {
        var units = file.Units;
        var slices = new (string Text, int Start)[units.Count];
        var header = "";
        var length = 0;
        for (var i = 0; i < units.Count; i++)
        {
            var text = Emitter.Emit(units[i]);
            if (i == 0) header = HeaderOf(text);
            var start = i > 0 && header.Length > 0 && text.StartsWith(header, StringComparison.Ordinal) ? header.Length : 0;
            slices[i] = (text, start);
            length += text.Length - start;
        }
        return SourceText.From(new SlicesReader(slices), length, Encoding.UTF8);
    }

    /// <summary>The leading comment and directive lines every part starts with.</summary>
    private static string HeaderOf(string text)
    {
        var end = 0;
        while (end < text.Length && (text[end] == '/' || text[end] == '#'))
        {
            var next = text.IndexOf('\n', end);
            if (next < 0) return "";
            end = next + 1;
        }
        return text.Substring(0, end);
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

    /// <summary>Reads the slices one after another.</summary>
    private sealed class SlicesReader((string Text, int Start)[] slices) : TextReader
    {
        private int _slice;
        private int _position = slices.Length > 0 ? slices[0].Start : 0;

        public override int Peek() => Advance() ? slices[_slice].Text[_position] : -1;

        public override int Read()
        {
            if (!Advance()) return -1;
            return slices[_slice].Text[_position++];
        }

        public override int Read(char[] buffer, int index, int count)
        {
            if (count == 0 || !Advance()) return 0;
            var text = slices[_slice].Text;
            var n = Math.Min(count, text.Length - _position);
            text.CopyTo(_position, buffer, index, n);
            _position += n;
            return n;
        }

        /// <summary>Moves past finished slices; false at the end.</summary>
        private bool Advance()
        {
            while (_slice < slices.Length && _position >= slices[_slice].Text.Length)
            {
                _slice++;
                if (_slice < slices.Length) _position = slices[_slice].Start;
            }
            return _slice < slices.Length;
        }
    }
}
