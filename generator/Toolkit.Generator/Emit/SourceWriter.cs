using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Toolkit.Generator.Emit;

/// <summary>A StringBuilder with an indentation counter: emitters write lines, never count spaces.</summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";

    private StringBuilder? _sb;
    private int _indent;

    private SourceWriter(StringBuilder sb) => _sb = sb;

    /// <summary>A writer for a whole generated file: the header (<see cref="Header"/>) and a blank line written first.</summary>
    public static SourceWriter ForFile(string specName, string specVersion)
        => new(new StringBuilder(16 * 1024).Append(Header(specName, specVersion)).Append('\n'));

    /// <summary>The builder while the writer is open; <see cref="ToSourceText"/> closes it.</summary>
    private StringBuilder Builder => _sb ?? throw new InvalidOperationException("The source was already taken; a writer writes one file.");

    public void Line(string text = "")
    {
        var sb = Builder;
        if (text.Length > 0)
        {
            AppendIndent();
            sb.Append(text);
        }
        sb.Append('\n');
    }

    /// <summary>
    /// A line from an interpolated string, written straight into the builder (no string per line: emitting every spec
    /// of specs/ allocated 26 MB for 5 MB of code). Like <see cref="Line(string)"/>, an empty line gets no indentation.
    /// </summary>
    public void Line([InterpolatedStringHandlerArgument("")] ref LineHandler line)
    {
        var sb = Builder;
        if (sb.Length == line.Start) sb.Length = line.LineStart;
        sb.Append('\n');
    }

    private void AppendIndent()
    {
        var sb = Builder;
        for (var i = 0; i < _indent; i++) sb.Append(IndentUnit);
    }

    /// <summary>Appends an interpolated line's parts to the writer; formatted values use the invariant culture.</summary>
    [InterpolatedStringHandler]
    public readonly ref struct LineHandler
    {
        private readonly StringBuilder _sb;

        public LineHandler(int literalLength, int formattedCount, SourceWriter writer)
        {
            _sb = writer.Builder;
            LineStart = _sb.Length;
            writer.AppendIndent();
            Start = _sb.Length;
        }

        /// <summary>Where the line began, before its indentation.</summary>
        internal int LineStart { get; }

        /// <summary>Where the line's text began, after its indentation.</summary>
        internal int Start { get; }

        public void AppendLiteral(string value) => _sb.Append(value);

        public void AppendFormatted(string? value) => _sb.Append(value);

        public void AppendFormatted<T>(T value)
            => _sb.Append(value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString());

        public void AppendFormatted<T>(T value, string? format)
            => _sb.Append(value is IFormattable formattable ? formattable.ToString(format, CultureInfo.InvariantCulture) : value?.ToString());
    }

    public void Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    public void Indent() => _indent++;

    public void Unindent() => _indent--;

    /// <summary>An XML doc element; the text is escaped and may span lines.</summary>
    public void Doc(string element, string? text, string attributes = "")
    {
        if (string.IsNullOrWhiteSpace(text)) return;
        if (!HasLineBreak(text!))
        {
            Line($"/// <{element}{attributes}>{Escape(text!.Trim())}</{element}>");
            return;
        }
        var lines = SplitLines(text!);
        if (lines.Count == 1)
        {
            Line($"/// <{element}{attributes}>{Escape(lines[0].Trim())}</{element}>");
            return;
        }
        Line($"/// <{element}{attributes}>");
        foreach (var line in lines) Line("/// " + Escape(line.Trim()));
        Line($"/// </{element}>");
    }

    /// <summary>An XML doc element whose text is already XML (contains &lt;c&gt; tags, say).</summary>
    public void DocXml(string element, string xml) => Line($"/// <{element}>{xml}</{element}>");

    /// <summary>
    /// The written source as the compiler's text: one string of the file, which the text keeps. Ends the writer.
    /// </summary>
    /// <remarks>
    /// Why a string and not a reader over the builder: from a reader Roslyn builds its chunked text, arrays of 80 KB
    /// that each land in gen 0 and are promoted, copied, with the rest of the run's output; a large file's string goes
    /// straight to the large-object heap. Full generation of every spec in specs/, three BenchmarkDotNet runs each,
    /// interleaved: 25.9, 19.2 and 25.7 ms against 28.9, 26.0 and 36.9 ms; 19.3 against 20.4 MB; a quarter fewer gen-1
    /// collections.
    /// </remarks>
    public SourceText ToSourceText()
    {
        var sb = Builder;
        _sb = null;
        return SourceText.From(sb.ToString(), Encoding.UTF8);
    }

    /// <summary>
    /// The one routine through which spec text reaches a comment: XML-escaped, and every character that could end
    /// the comment line (CR, LF, NEL, U+2028, U+2029) or break the XML (other control characters, unpaired
    /// surrogates) becomes a space or U+FFFD. Text from a spec can never become code.
    /// </summary>
    public static string Escape(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? replacement;
            if (c == '&') replacement = "&amp;";
            else if (c == '<') replacement = "&lt;";
            else if (c == '>') replacement = "&gt;";
            else if (IsLineBreak(c) || (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\uFEFF') replacement = " ";
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            else if (char.IsSurrogate(c)) replacement = "\uFFFD";
            else replacement = null;
            if (replacement is null)
            {
                sb?.Append(c);
                continue;
            }
            sb ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            sb.Append(replacement);
        }
        return sb?.ToString() ?? text;
    }

    private static bool HasLineBreak(string text)
    {
        foreach (var c in text)
        {
            if (IsLineBreak(c)) return true;
        }
        return false;
    }

    /// <summary>Every character C# treats as ending a line (C# spec, "Line terminators").</summary>
    public static bool IsLineBreak(char c) => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';

    /// <summary>Splits on every C# line terminator; CR LF counts once.</summary>
    public static System.Collections.Generic.List<string> SplitLines(string text)
    {
        var lines = new System.Collections.Generic.List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!IsLineBreak(text[i])) continue;
            lines.Add(text.Substring(start, i - start));
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
        }
        lines.Add(text.Substring(start));
        return lines;
    }

    /// <summary>A C# string literal.</summary>
    public static string Literal(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || c > 0x7e) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>A C# UTF-8 string literal (<c>"name"u8</c>), for allocation-free property name matching.</summary>
    public static string Utf8Literal(string value) => Literal(value) + "u8";

    /// <summary>A double as a C# literal, invariant and round-trippable.</summary>
    public static string Number(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? text + "d" : text + ".0d";
    }

    public static string Header(string specName, string specVersion)
        => "// <auto-generated/>\n"
           + "// Generated by Toolkit.Generator from the spec '" + Escape(specName) + "' version " + Escape(specVersion) + ". Do not edit.\n"
           + "#nullable enable\n"
           // Members the spec marks deprecated are [Obsolete] for callers; the generated code still reads and writes them.
           + "#pragma warning disable CS0612, CS0618\n"
           // Short names for what every reader, writer and validator line says; no spec name starts with '_' (TK0006).
           + "using _J = global::Toolkit.Runtime.Json.JsonReading;\n"
           + "using _JW = global::Toolkit.Runtime.Json.JsonWriting;\n"
           + "using _JI = global::Toolkit.Runtime.Json.JsonItems;\n"
           + "using _P = global::Toolkit.Runtime.Json.JsonPath;\n"
           + "using _R = global::System.Text.Json.Utf8JsonReader;\n"
           + "using _W = global::System.Text.Json.Utf8JsonWriter;\n"
           + "using _B = global::System.ReadOnlyMemory<byte>;\n";

    /// <summary>The <c>[Obsolete]</c> attribute of a deprecated member, with the spec's reason when it gives one.</summary>
    public static string Obsolete(string reason)
        => reason.Length == 0 ? "[global::System.Obsolete]" : "[global::System.Obsolete(" + Literal(reason) + ")]";

    /// <summary>The [GeneratedCode] attribute with this generator's version (read once: GetName() parses metadata).</summary>
    public static string GeneratedCodeAttribute { get; }
        = "[global::System.CodeDom.Compiler.GeneratedCode(\"Toolkit.Generator\", \"" + typeof(SourceWriter).Assembly.GetName().Version?.ToString(3) + "\")]";

    public static string CamelCase(string pascal)
        => pascal.Length == 0 ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
}
