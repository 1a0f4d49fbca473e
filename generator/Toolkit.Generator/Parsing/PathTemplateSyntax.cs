using System.Collections.Generic;

namespace Toolkit.Templates;

/// <summary>
/// The one parser of path templates (<c>/models/{model}/v1/chat/completions</c>): literal text and <c>{name}</c>
/// placeholders. The generator reads spec paths with it, and the contract router (Toolkit.Testing, which links this
/// file) matches recorded URLs with it, so both read a template the same way. No regular expression: linear, and
/// nothing in a template can make matching slow.
/// </summary>
internal static class PathTemplateSyntax
{
    /// <summary>
    /// The parts of <paramref name="template"/> in order: literal text (<c>Parameter</c> null) and placeholders
    /// (<c>Text</c> <c>{name}</c>, <c>Parameter</c> <c>name</c>). A brace that opens or closes no placeholder stays in
    /// the literal text and makes <paramref name="balanced"/> false.
    /// </summary>
    public static List<(string Text, string? Parameter)> Parts(string template, out bool balanced)
    {
        var parts = new List<(string Text, string? Parameter)>();
        balanced = true;
        var literalStart = 0;
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '}')
            {
                balanced = false;
                i++;
                continue;
            }
            if (c != '{')
            {
                i++;
                continue;
            }
            // A placeholder is '{', text without braces, '}'; another '{' first (or none) leaves this one unmatched.
            var next = template.IndexOfAny(Braces, i + 1);
            if (next < 0 || template[next] == '{')
            {
                balanced = false;
                i++;
                continue;
            }
            if (i > literalStart) parts.Add((template.Substring(literalStart, i - literalStart), null));
            parts.Add((template.Substring(i, next - i + 1), template.Substring(i + 1, next - i - 1)));
            i = next + 1;
            literalStart = i;
        }
        if (literalStart < template.Length || parts.Count == 0) parts.Add((template.Substring(literalStart), null));
        return parts;
    }

    private static readonly char[] Braces = { '{', '}' };
}
