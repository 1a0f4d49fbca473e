using System.Linq;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>
/// Emits a union (oneOf/anyOf) as a class holding exactly one variant: a <c>Kind</c>, <c>From{Variant}</c>
/// factories, <c>Is{Variant}</c>/<c>As{Variant}</c> accessors and implicit conversions where C# allows them.
/// </summary>
internal static class UnionEmitter
{
    public static void Emit(SourceWriter w, UnionUnit unit)
    {
        var type = unit.Type;
        var ns = unit.Namespace;
        w.Open("namespace " + ns);
        w.Doc("summary", type.Description ?? $"One of several shapes of a value of the {unit.SpecName} API.");
        w.DocXml("remarks", "Exactly one of: " + string.Join(", ", type.Variants.Select(v => "<c>" + v.Name + "</c> (" + CSharpTypes.Expected(v.Type)
            + (v.Tag is not null ? $" whose <c>{SourceWriter.Escape(type.Discriminator!)}</c> is " + string.Join(" or ", v.Tags.Select(t => "<c>" + SourceWriter.Escape(t) + "</c>")) : v.Marker is not null ? $" with <c>{SourceWriter.Escape(v.Marker)}</c>" : "") + ")")) +
            ". On the wire it is that value itself; reading picks the variant from the JSON shape"
            + (type.Discriminator is not null ? $", and an object by its <c>{SourceWriter.Escape(type.Discriminator)}</c> property." : type.Variants.Any(v => v.Marker is not null) ? ", and an object by the property only its variant has." : "."));
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Open("public sealed partial class " + type.Name);
        w.Doc("summary", "The variants of " + type.Name + ".");
        w.Open("public enum Variant");
        foreach (var v in type.Variants)
        {
            // XML written as XML: the type's words escaped, the <c> element kept (Doc would escape it twice over).
            w.DocXml("summary", $"Holds {SourceWriter.Escape(CSharpTypes.Expected(v.Type))} (<c>As{v.Name}</c>).");
            w.Line(v.Name + ",");
        }
        w.Close();
        w.Line();
        w.Line($"private {type.Name}(Variant kind, object value)");
        w.Line("{");
        w.Indent();
        w.Line("Kind = kind;");
        w.Line("Value = value;");
        w.Close();
        w.Line();
        w.Doc("summary", "Which variant this holds.");
        w.Line("public Variant Kind { get; }");
        w.Line();
        w.Doc("summary", "The held value, boxed.");
        w.Line("public object Value { get; }");
        foreach (var v in type.Variants)
        {
            var csType = CSharpTypes.Of(v.Type, ns);
            var valueType = CSharpTypes.IsValueType(v.Type);
            w.Line();
            w.Doc("summary", $"A {type.Name} holding {CSharpTypes.Expected(v.Type)}.");
            w.Line($"public static {type.Name} From{v.Name}({csType} value)"
                   + (valueType ? " => new(Variant." + v.Name + ", value);" : " => new(Variant." + v.Name + ", value ?? throw new global::System.ArgumentNullException(nameof(value)));"));
            w.Line();
            w.Doc("summary", $"True when this holds {CSharpTypes.Expected(v.Type)}.");
            w.Line($"public bool Is{v.Name} => Kind == Variant.{v.Name};");
            w.Line();
            w.Doc("summary", $"The value when this holds {CSharpTypes.Expected(v.Type)}; otherwise null.");
            w.Line(valueType
                ? $"public {csType}? As{v.Name} => Kind == Variant.{v.Name} ? ({csType})Value : null;"
                : $"public {csType}? As{v.Name} => Kind == Variant.{v.Name} ? ({csType})Value : null;");
            // C# forbids user-defined conversions from interfaces (lists, maps): those use From{Variant}; the list of a
            // scalar-or-list union converts from the two concrete lists callers hold, so a request reads naturally.
            if (v.Type.Kind == ValueKind.Array && ScalarOrList.Of(type) is { } pair && pair.ListVariant == v.Name)
            {
                var item = CSharpTypes.Of(v.Type.Item!, ns);
                foreach (var (concrete, what) in new[] { (item + "[]", "an array"), ("global::System.Collections.Generic.List<" + item + ">", "a list") })
                {
                    w.Line();
                    w.DocXml("summary", $"Wraps {what} as the <c>{v.Name}</c> form (a JSON array).");
                    w.Line($"public static implicit operator {type.Name}({concrete} value) => From{v.Name}(value);");
                }
            }
            if (v.Type.Kind is not (ValueKind.Array or ValueKind.Map))
            {
                w.Line();
                w.Doc("summary", $"Wraps {CSharpTypes.Expected(v.Type)}.");
                w.Line($"public static implicit operator {type.Name}({csType} value) => From{v.Name}(value);");
            }
        }
        w.Close();
        w.Close();
    }
}
