using System.Linq;
using System.Collections.Generic;
using System.Globalization;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>Emits the spec's object types (plain classes) and enums, with XML docs from the spec.</summary>
internal static class TypeEmitter
{
    public static void EmitObject(SourceWriter w, ObjectUnit unit)
    {
        var type = unit.Type;
        w.Open("namespace " + unit.Namespace);
        w.Doc("summary", type.Description ?? $"The {type.Name} object of the {unit.SpecName} API.");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Open("public sealed partial class " + type.Name);
        var first = true;
        if (HasRequiredMembers(type))
        {
            // The serializer reads straight into the object, so it needs one that exists before its required members do.
            w.Doc("summary", $"Creates an empty {type.Name}: set its required members with an object initializer.");
            w.Line($"public {type.Name}() {{ }}");
            w.Line();
            // The reader sets every required member before it hands the object out (or throws); the compiler cannot see that.
            var unset = string.Concat(type.Fields
                .Where(f => f.Required && !f.Nullable && !CSharpTypes.IsValueType(f.Type))
                .Select(f => " " + f.PropertyName + " = null!;"));
            w.Line("[global::System.Diagnostics.CodeAnalysis.SetsRequiredMembers]");
            w.Line($"internal {type.Name}(global::Toolkit.Runtime.Json.JsonObjectReading reading) {{{unset} }}");
            first = false;
        }
        foreach (var field in type.Fields)
        {
            if (!first) w.Line();
            first = false;
            w.Doc("summary", field.Description ?? $"The '{field.WireName}' field.");
            w.DocXml("remarks", FieldRemarks(field));
            var required = field.Required ? "required " : "";
            // C# forbids [Obsolete] on a required member (CS9042: every caller must set it, so every caller would be
            // warned); there the deprecation is said in the remarks.
            if (field.Deprecated is { } reason && !field.Required) w.Line(SourceWriter.Obsolete(reason));
            // Wire plumbing the client fills (WirePlumbing) stays internal: the serializer and reader still use it.
            var access = field.Fill == WireFill.None ? "public" : "internal";
            w.Line($"{access} {required}{CSharpTypes.OfField(field, unit.Namespace)} {field.PropertyName} {{ get; set; }}");
        }
        w.Close();
        w.Close();
    }

    public static void EmitEnum(SourceWriter w, EnumUnit unit)
    {
        var type = unit.Type;
        w.Open("namespace " + unit.Namespace);
        w.Doc("summary", type.Description ?? $"The values of {type.Name}.");
        w.DocXml("remarks", "Sent as its wire name (the spec's serializer has <c>ToWireName</c> and <c>TryParse" + type.Name + "</c>).");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Open("public enum " + type.Name);
        w.Doc("summary", "A value this version of the spec does not list, read from a response. Never sent: validation rejects it.");
        w.Line(type.UnknownMemberName + " = 0,");
        foreach (var value in type.Values)
        {
            w.DocXml("summary", "The wire value <c>" + SourceWriter.Escape(value.WireName) + "</c>." +
                (value.Description is null ? "" : " " + SourceWriter.Escape(value.Description)));
            w.Line(value.MemberName + ",");
        }
        w.Close();
        w.Close();
    }

    /// <summary>Whether the type has C# <c>required</c> members (its reader then uses the reading constructor).</summary>
    internal static bool HasRequiredMembers(ObjectTypeSpec type) => type.Fields.Any(f => f.Required);

    /// <summary>Wire name, presence, bounds and the documented server default, for a property's remarks.</summary>
    internal static string FieldRemarks(FieldSpec field)
    {
        var parts = new List<string> { "JSON name: <c>" + SourceWriter.Escape(field.WireName) + "</c>." };
        parts.Add(field.Required ? (field.Nullable ? "Required; may be null." : "Required.") : (field.Nullable ? "Optional; may be null." : "Optional."));
        if (field.Minimum is { } min && field.Maximum is { } max)
        {
            parts.Add("Between " + Format(min) + " and " + Format(max) + ".");
        }
        else if (field.Minimum is { } lo)
        {
            parts.Add("At least " + Format(lo) + ".");
        }
        else if (field.Maximum is { } hi)
        {
            parts.Add("At most " + Format(hi) + ".");
        }
        if (field.DefaultJson is not null)
        {
            parts.Add("Server default: <c>" + SourceWriter.Escape(field.DefaultJson) + "</c> (documented; not sent unless set).");
        }
        if (field.Deprecated is { } reason && field.Required)
        {
            parts.Add("Deprecated" + (reason.Length == 0 ? "." : ": " + SourceWriter.Escape(reason)));
        }
        return string.Join(" ", parts);
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
