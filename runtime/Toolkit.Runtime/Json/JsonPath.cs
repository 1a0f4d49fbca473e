using System;
using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace Toolkit.Runtime.Json;

/// <summary>
/// Where a generated reader is in a document (<c>$.choices[0].delta</c>), spelled out only when an error names it:
/// reading a valid body builds no path strings. Members and indices go into one small per-thread table, one slot per
/// depth; a path is its depth in that table. Generated readers read a document depth-first on one thread and name a
/// path only while reading within it, so a slot is never overwritten before the paths that use it are done.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct JsonPath
{
    private readonly string _root;
    private readonly Segments? _segments;
    private readonly int _depth;
    private readonly int _document;

    private JsonPath(string root, Segments? segments, int depth, int document)
    {
        _root = root;
        _segments = segments;
        _depth = depth;
        _document = document;
    }

    /// <summary>The path of a document's top-level value: <c>$</c>.</summary>
    public static JsonPath Root => "$";

    /// <summary>The path of a document's top-level value, such as <c>$</c>.</summary>
    public static implicit operator JsonPath(string root) => new(root ?? throw new ArgumentNullException(nameof(root)), null, 0, 0);

    /// <summary>How many steps (members and items) this path takes from the top-level value.</summary>
    public int Depth => _depth;

    /// <summary>The path of the member <paramref name="name"/> of the object at this path.</summary>
    public JsonPath Member(string name) => Push(name ?? throw new ArgumentNullException(nameof(name)), 0);

    /// <summary>The path of item <paramref name="index"/> of the array at this path.</summary>
    public JsonPath Index(int index) => Push(null, index);

    private JsonPath Push(string? name, int index)
    {
        // A step from the top level starts a new walk over this thread's table.
        var segments = _segments ?? Segments.ForThisThread();
        var document = _segments is null ? segments.StartDocument() : _document;
        segments.Set(_depth, name, index);
        return new JsonPath(_root ?? "$", segments, _depth + 1, document);
    }

    /// <summary>The path as text, for instance <c>$.choices[0].delta</c>.</summary>
    public override string ToString() => ToString(null);

    /// <summary>
    /// The path of <paramref name="member"/> of the object at this path as text (this path's text when null): the one
    /// place a path is spelled out, so scalar members are joined only for an error.
    /// </summary>
    public string ToString(string? member)
    {
        var text = new StringBuilder(_root ?? "$");
        if (_segments is not null)
        {
            // Only a path kept past its walk can see its slots reused; generated code never does that.
            if (_segments.Document != _document) return text.Append("(path no longer available)").ToString();
            for (var i = 0; i < _depth; i++)
            {
                if (_segments.Names[i] is { } name) text.Append('.').Append(name);
                else text.Append('[').Append(_segments.Indices[i].ToString(CultureInfo.InvariantCulture)).Append(']');
            }
        }
        if (member is not null) text.Append('.').Append(member);
        return text.ToString();
    }

    /// <summary>The per-thread table: slot <c>d</c> is the step from depth <c>d</c> to depth <c>d + 1</c>.</summary>
    private sealed class Segments
    {
        [ThreadStatic]
        private static Segments? s_current;

        public string?[] Names = new string?[16];
        public int[] Indices = new int[16];
        public int Document;

        public static Segments ForThisThread() => s_current ??= new Segments();

        public int StartDocument() => ++Document;

        public void Set(int depth, string? name, int index)
        {
            if (depth >= Names.Length)
            {
                Array.Resize(ref Names, Math.Max(depth + 1, Names.Length * 2));
                Array.Resize(ref Indices, Names.Length);
            }
            Names[depth] = name;
            Indices[depth] = index;
        }
    }
}
