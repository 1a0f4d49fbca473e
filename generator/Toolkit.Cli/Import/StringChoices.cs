using System;
using System.Collections.Generic;

namespace Toolkit.Cli.Import;

/// <summary>
/// A <c>oneOf</c>/<c>anyOf</c> whose alternatives each allow only listed strings (an <c>enum</c> of strings, or a
/// <c>const</c>) is one enum of them all: the rule for task schemas and OpenAPI documents alike (chat's
/// <c>tool_choice</c> strings, OpenAI's model names).
/// </summary>
internal static class StringChoices
{
    /// <summary>
    /// The values of the alternatives, in order, each once; null when any alternative allows something else (its
    /// values are null: any string, another type, a null among them). No alternatives: no values.
    /// </summary>
    public static List<string>? Of(IEnumerable<IReadOnlyList<string>?> alternatives)
    {
        var values = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal); // a set, not a scan: 100,000 values took 78 s
        foreach (var allowed in alternatives)
        {
            if (allowed is not { Count: > 0 }) return null;
            foreach (var value in allowed) if (seen.Add(value)) values.Add(value);
        }
        return values;
    }
}
