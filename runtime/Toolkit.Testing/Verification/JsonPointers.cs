using System.Globalization;
using System.Text;

namespace Toolkit.Testing.Verification;

/// <summary>JSON Pointers (RFC 6901) from the two path forms the verifier meets.</summary>
internal static class JsonPointers
{
    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    /// <summary>Converts the runtime's JSON paths (<c>$[0].score</c>) to pointers (<c>/0/score</c>).</summary>
    public static string FromJsonPath(string path)
    {
        var sb = new StringBuilder();
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0) break;
                sb.Append('/').Append(path, i + 1, end - i - 1);
                i = end + 1;
            }
            else if (path[i] == '.')
            {
                var end = path.IndexOfAny(new[] { '.', '[' }, i + 1);
                if (end < 0) end = path.Length;
                sb.Append('/').Append(Escape(path.Substring(i + 1, end - i - 1)));
                i = end;
            }
            else
            {
                i++;
            }
        }
        return sb.ToString();
    }

    /// <summary>True when one pointer is the other or inside it: both describe the same fault.</summary>
    public static bool Related(string a, string b)
        => a == b || a.StartsWith(b + "/", System.StringComparison.Ordinal) || b.StartsWith(a + "/", System.StringComparison.Ordinal);
}
