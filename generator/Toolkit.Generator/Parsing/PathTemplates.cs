using System.Collections.Generic;
using System.Text.RegularExpressions;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Parsing;

/// <summary>Path templates (<c>/models/{model}</c>): cut once into segments, so that no emitter parses them again.</summary>
internal static class PathTemplates
{
    public static readonly Regex Placeholder = new(@"\{([^{}]*)\}", RegexOptions.CultureInvariant);

    public static EquatableArray<PathSegment> Segments(string template)
    {
        var segments = new List<PathSegment>();
        var last = 0;
        foreach (Match m in Placeholder.Matches(template))
        {
            if (m.Index > last) segments.Add(new PathSegment(template.Substring(last, m.Index - last), null));
            segments.Add(new PathSegment(m.Value, m.Groups[1].Value));
            last = m.Index + m.Length;
        }
        if (last < template.Length || segments.Count == 0) segments.Add(new PathSegment(template.Substring(last), null));
        return segments.ToEquatableArray();
    }
}
