using System.Collections.Generic;
using System.Linq;

namespace Toolkit.Cli.Import.OpenApi;

/// <summary>
/// What an OpenAPI import had to approximate, each with the JSON Pointer of the node it is about. The same note about
/// many nodes (Qdrant's 71 operations that document '4XX') is one line with its first pointers and a count.
/// </summary>
internal sealed class OpenApiNotes
{
    private readonly List<string> _order = new();
    private readonly Dictionary<string, List<string>> _pointers = new(System.StringComparer.Ordinal);
    private readonly HashSet<(string Text, string Pointer)> _seen = new();

    public IReadOnlyList<string> All => _order.Select(Format).ToList();

    /// <summary>How many nodes the notes are about, in all.</summary>
    public int Count => _pointers.Values.Sum(p => p.Count);

    /// <summary>Adds a note about the node at <paramref name="pointer"/> (a component met from several places is noted once).</summary>
    public void Add(string pointer, string text)
    {
        if (!_pointers.TryGetValue(text, out var pointers))
        {
            _pointers[text] = pointers = new List<string>();
            _order.Add(text);
        }
        if (_seen.Add((text, pointer))) pointers.Add(pointer);
    }

    private string Format(string text)
    {
        var pointers = _pointers[text];
        if (pointers.Count == 1) return pointers[0] + ": " + text;
        var shown = string.Join(", ", pointers.Skip(1).Take(3));
        var more = pointers.Count > 4 ? $" and {pointers.Count - 4} more" : "";
        return $"{pointers[0]}: {text} (also {shown}{more})";
    }

    /// <summary>A key as a JSON Pointer reference token (RFC 6901: ~ and / escaped).</summary>
    public static string Escape(string key) => key.Replace("~", "~0").Replace("/", "~1");
}
