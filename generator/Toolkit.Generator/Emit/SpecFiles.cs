using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>
/// One generated file per spec, made of its emitted parts.
/// </summary>
/// <remarks>
/// Why one file a spec and not one a type: Roslyn adds every generated file again on every run, cached or not, and
/// checks its name against all files added before (Roslyn 4.8), so an unrelated keystroke cost 1.5 µs and more per
/// file: 1.1 ms with the 755 files of the 29 specs in specs/, against 0.1 ms with one spec. Parts are still emitted and
/// cached one by one, so editing one type of a spec re-emits that type's parts and joins the spec's file again.
/// </remarks>
internal static class SpecFiles
{
    /// <summary>
    /// The file of a unit's spec: <c>{namespace}.{spec name}.{version}.g.cs</c>. Unique among the specs that generate
    /// code: two specs with the same namespace, name and version declare the same types, and the clash check keeps one.
    /// </summary>
    public static string HintName(EmitUnit unit) => unit.Namespace + "." + Safe(unit.SpecName) + "." + Safe(unit.SpecVersion) + ".g.cs";

    public static EmittedPart Emit(EmitUnit unit) => new(unit.SpecPath, HintName(unit), Emitter.Emit(unit));

    /// <summary>The parts grouped by file, in the order they came.</summary>
    public static EquatableArray<GeneratedFile> Join(ImmutableArray<EmittedPart> parts)
    {
        var order = new List<string>();
        var byFile = new Dictionary<string, List<EmittedPart>>();
        foreach (var part in parts)
        {
            if (!byFile.TryGetValue(part.FileHintName, out var list))
            {
                byFile[part.FileHintName] = list = new List<EmittedPart>();
                order.Add(part.FileHintName);
            }
            list.Add(part);
        }
        var files = new List<GeneratedFile>(order.Count);
        foreach (var hint in order) files.Add(new GeneratedFile(byFile[hint][0].SpecPath, hint, byFile[hint].ToEquatableArray()));
        return files.ToEquatableArray();
    }

    /// <summary>
    /// The file's text: its parts one after another, the header (see <see cref="SourceWriter.Header"/>) written once, at
    /// the top. Read into the source text straight from the parts, without joining them into one string first.
    /// </summary>
    public static SourceText Text(GeneratedFile file)
    {
        var parts = file.Parts;
        var header = HeaderOf(parts[0].Text);
        var slices = new (string Text, int Start)[parts.Count];
        var length = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var text = parts[i].Text;
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
