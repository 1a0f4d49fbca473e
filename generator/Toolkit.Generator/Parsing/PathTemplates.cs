using System.Collections.Generic;
using System.Linq;
using Toolkit.Generator.Model;
using Toolkit.Templates;

namespace Toolkit.Generator.Parsing;

/// <summary>
/// Path templates (<c>/models/{model}</c>): cut once into segments, so that no emitter parses them again; read by
/// <see cref="PathTemplateSyntax"/>, the parser the contract router shares.
/// </summary>
internal static class PathTemplates
{
    public static EquatableArray<PathSegment> Segments(string template)
        => PathTemplateSyntax.Parts(template, out _).Select(p => new PathSegment(p.Text, p.Parameter)).ToEquatableArray();

    /// <summary>The names of the template's placeholders, in order (repeats included).</summary>
    public static List<string> Parameters(string template)
        => PathTemplateSyntax.Parts(template, out _).Where(p => p.Parameter is not null).Select(p => p.Parameter!).ToList();

    /// <summary>Whether every brace of the template opens or closes a <c>{name}</c> placeholder.</summary>
    public static bool IsBalanced(string template)
    {
        PathTemplateSyntax.Parts(template, out var balanced);
        return balanced;
    }
}
