using System.Collections.Generic;
using System.Linq;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Naming;

/// <summary>What the spec says about one union variant that its name may come from.</summary>
/// <param name="Type">The variant's type.</param>
/// <param name="SpecTypeName">The name the spec gave the variant's type (its <c>typeName</c> or <c>ref</c>; for a list, its
/// items'), null when the name was made up from where the type sits.</param>
/// <param name="Description">The variant's own description.</param>
/// <param name="EnumValues">The wire values, for an enum variant.</param>
/// <param name="ObjectFields">The wire names of the fields, for an object variant.</param>
internal sealed record VariantFacts(TypeRef Type, string? SpecTypeName, string? Description, IReadOnlyList<string>? EnumValues, IReadOnlyList<string>? ObjectFields);

/// <summary>
/// Whole-API union variants (the accessors <c>Is…</c>/<c>As…</c>/<c>From…</c>) are named by what they mean, from the spec:
/// one rule, tried in this order for each variant that the spec does not name itself (<c>name</c>) nor tells apart by a
/// tag or a marker:
/// <list type="number">
/// <item>a scalar and a list of it: the singular and plural of the field's noun (<c>inputs</c>: <c>Input</c>, <c>Inputs</c>);</item>
/// <item>an enum of one value: that value (<c>"never"</c>: <c>Never</c>);</item>
/// <item>a type the spec names (or a list of one): that name without the words it shares with the union's name, so it
/// does not stutter (<c>ChatCompletionInputMessageChunk</c> in <c>ChatCompletionInputMessageContent</c>: <c>Chunks</c>);</item>
/// <item>a description that is a name (one to three words): those words;</item>
/// <item>an object of one field: that field (<c>{"function": …}</c>: <c>Function</c>);</item>
/// <item>else the JSON shape: <c>Text</c>, <c>Number</c>, <c>Integer</c>, <c>Boolean</c>, <c>Object</c>, <c>Map</c>,
/// <c>Keyword</c> for an enum, <c>Value</c> for any JSON, a list the plural of its item's (<c>Texts</c>, <c>Numbers</c>; a list of lists <c>NumbersList</c>).</item>
/// </list>
/// Never numbered. When two variants would get the same name, both keep their shape names (stable: a name never depends
/// on another variant's order).
/// </summary>
internal static class VariantNames
{
    public static IReadOnlyList<string> ByMeaning(string unionName, string? fieldNoun, IReadOnlyList<VariantFacts> variants)
    {
        var names = variants.Select(v => Meaning(unionName, v)).ToList();
        if (variants.Count == 2 && fieldNoun is not null && Names.ToPascalCase(fieldNoun) is { Length: > 0 } noun)
        {
            var (one, many) = variants[0].Type.Kind == ValueKind.Array ? (1, 0) : (0, 1);
            var singular = Singular(noun);
            var plural = Plural(singular);
            if (variants[many].Type.Kind == ValueKind.Array && variants[many].Type.Item == variants[one].Type && singular != plural && IsScalar(variants[one].Type))
            {
                names[one] = singular;
                names[many] = plural;
            }
        }
        for (var i = 0; i < names.Count; i++)
        {
            // "Variant" is the name of the union's own enum of variants.
            if (!Names.IsValidIdentifier(names[i]) || names[i] == "Variant" || names.Count(n => n == names[i]) > 1) names[i] = Shape(variants[i].Type);
        }
        return names;
    }

    private static string Meaning(string unionName, VariantFacts v)
    {
        if (v.Type.Kind == ValueKind.Enum && v.EnumValues is { Count: 1 } values && Names.MemberName(values[0]) is { Length: > 0 } value && Names.IsValidIdentifier(value))
        {
            return value;
        }
        if (v.SpecTypeName is not null && Unstuttered(unionName, v.SpecTypeName) is { Length: > 0 } named)
        {
            return v.Type.Kind == ValueKind.Array ? Plural(named) : named;
        }
        if (v.Description is { } description && NameLike(description) is { } words) return words;
        if (v.Type.Kind == ValueKind.Object && v.ObjectFields is { Count: 1 } fields && Names.MemberName(fields[0]) is { Length: > 0 } field) return field;
        return Shape(v.Type);
    }

    /// <summary>The variant's JSON shape: the fallback when the spec gives nothing more.</summary>
    public static string Shape(TypeRef type) => type.Kind switch
    {
        ValueKind.Array => type.Item!.Kind == ValueKind.Array ? Shape(type.Item) + "List" : Plural(Shape(type.Item)),
        ValueKind.Enum => "Keyword",
        ValueKind.Object => "Object",
        ValueKind.Union or ValueKind.Json => "Value",
        _ => Names.VariantName(type, wholeApi: true),
    };

    private static bool IsScalar(TypeRef t) => t.Kind is ValueKind.String or ValueKind.Number or ValueKind.Integer or ValueKind.Long or ValueKind.ULong
        or ValueKind.Boolean or ValueKind.DateTime or ValueKind.Uuid or ValueKind.Enum;

    /// <summary><paramref name="typeName"/> without the leading words it shares with <paramref name="unionName"/>.</summary>
    private static string Unstuttered(string unionName, string typeName)
    {
        var union = Words(unionName);
        var type = Words(typeName);
        var shared = 0;
        while (shared < union.Count && shared < type.Count && union[shared] == type[shared]) shared++;
        return string.Concat(type.Skip(shared));
    }

    /// <summary>PascalCase words: a capital starts one, unless it follows a capital and no lower-case letter follows it (<c>JSONSchema</c>: JSON, Schema).</summary>
    private static List<string> Words(string pascal)
    {
        var words = new List<string>();
        var start = 0;
        for (var i = 1; i < pascal.Length; i++)
        {
            var boundary = char.IsUpper(pascal[i]) && (!char.IsUpper(pascal[i - 1]) || (i + 1 < pascal.Length && char.IsLower(pascal[i + 1])))
                || (char.IsDigit(pascal[i]) != char.IsDigit(pascal[i - 1]));
            if (!boundary) continue;
            words.Add(pascal.Substring(start, i - start));
            start = i;
        }
        words.Add(pascal.Substring(start));
        return words;
    }

    /// <summary>A description that is a name, not a sentence: one to three words of letters, no final period.</summary>
    private static string? NameLike(string description)
    {
        var words = description.Trim().Split(' ');
        if (words.Length > 3 || words.Any(w => w.Length == 0 || !w.All(char.IsLetter))) return null;
        return Names.ToPascalCase(description.Trim());
    }

    /// <summary>The singular of an English plural noun, by its ending (<c>Inputs</c> → <c>Input</c>, <c>Entries</c> → <c>Entry</c>); other words as they are.</summary>
    public static string Singular(string word)
    {
        if (word.EndsWith("ies", System.StringComparison.Ordinal) && word.Length > 4) return word.Substring(0, word.Length - 3) + "y";
        foreach (var ending in new[] { "sses", "shes", "ches", "xes", "zes" })
        {
            if (word.EndsWith(ending, System.StringComparison.Ordinal)) return word.Substring(0, word.Length - 2);
        }
        if (word.EndsWith("s", System.StringComparison.Ordinal) && !word.EndsWith("ss", System.StringComparison.Ordinal)
            && !word.EndsWith("us", System.StringComparison.Ordinal) && !word.EndsWith("is", System.StringComparison.Ordinal) && word.Length > 2)
        {
            return word.Substring(0, word.Length - 1);
        }
        return word;
    }

    /// <summary>The plural of an English noun, by its ending (<c>Input</c> → <c>Inputs</c>, <c>Entry</c> → <c>Entries</c>, <c>Box</c> → <c>Boxes</c>).</summary>
    public static string Plural(string word)
    {
        if (word.Length > 1 && word.EndsWith("y", System.StringComparison.Ordinal) && "aeiou".IndexOf(word[word.Length - 2]) < 0) return word.Substring(0, word.Length - 1) + "ies";
        foreach (var ending in new[] { "s", "x", "z", "ch", "sh" })
        {
            if (word.EndsWith(ending, System.StringComparison.Ordinal)) return word + "es";
        }
        return word + "s";
    }
}
