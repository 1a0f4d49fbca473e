using System.IO;
using System.Text;

namespace Toolkit.Cli;

/// <summary>
/// What the tool prints, made safe for a terminal: a control character from a file name, a spec or a recording
/// (ESC, CR, BEL, C1 controls) is written as <c>\u001b</c> instead of being sent raw, so that no input can move the
/// cursor, rewrite a line or change the terminal. Line breaks and tabs the tool writes itself pass through.
/// </summary>
internal sealed class TerminalText(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (value is '\n' or '\t' || !(char.IsControl(value) || value is '\u2028' or '\u2029' or '\u202e' or '\u202d' or '\u2066' or '\u2067' or '\u2068' or '\u2069'))
        {
            inner.Write(value);
            return;
        }
        inner.Write("\\u" + ((int)value).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        foreach (var c in value) Write(c);
    }

    public override void WriteLine() => inner.Write('\n');

    public override void WriteLine(string? value)
    {
        Write(value);
        inner.Write('\n');
    }

    public override void Flush() => inner.Flush();
}
