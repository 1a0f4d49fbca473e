using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace Toolkit.Generator.Parsing;

/// <summary>
/// The files one spec is read from: the spec, then its overlays. Positions are virtual: the spec's text is
/// [0, length), each overlay's text follows at its own base, so a node an overlay put into the spec keeps a span
/// that says which file, line and column it came from, and diagnostics point there.
/// </summary>
internal sealed class SpecSources
{
    private readonly List<(string Path, SourceText Text, int Base)> _files = new();

    public SpecSources(string specPath, SourceText specText) => _files.Add((specPath, specText, 0));

    /// <summary>Adds an overlay's text; returns the base its spans are shifted by.</summary>
    public int Add(string path, SourceText text)
    {
        var last = _files[_files.Count - 1];
        var start = last.Base + last.Text.Length + 1;
        _files.Add((path, text, start));
        return start;
    }

    /// <summary>The text under a virtual span, e.g. a default value's JSON.</summary>
    public string TextOf(TextSpan span)
    {
        var (path, local, _) = Locate(span);
        foreach (var file in _files)
        {
            if (file.Path == path) return file.Text.ToString(local);
        }
        return "";
    }

    /// <summary>The file a virtual span lies in, with the span and lines in that file.</summary>
    public (string Path, TextSpan Span, LinePositionSpan Lines) Locate(TextSpan span)
    {
        var file = _files[0];
        for (var i = _files.Count - 1; i > 0; i--)
        {
            if (span.Start >= _files[i].Base)
            {
                file = _files[i];
                break;
            }
        }
        var start = span.Start - file.Base;
        var length = span.Length;
        if (start > file.Text.Length) (start, length) = (file.Text.Length, 0);
        if (start + length > file.Text.Length) length = 0;
        var local = new TextSpan(start, length);
        return (file.Path, local, file.Text.Lines.GetLinePositionSpan(local));
    }
}
