using Toolkit.Generator.Emit;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Versioning;

/// <summary>
/// What a spec change does to the generated C# surface, as far as the model tells it without compiling: the build's
/// semver check cannot compile the code it generates, so it applies these. They read the emitters' own type mapping
/// (<see cref="CSharpTypes"/>) and hold for any method shape: members of the generated types (properties, <c>required</c>,
/// nullability, enum members, type and method names), and the convenience methods' parameter lists as the client
/// emitter declares them (<see cref="ClientEmitter.ConvenienceParameters"/>). <c>toolkit diff</c> compiles both
/// versions and measures the rest (see <c>Toolkit.Cli/Surface</c>).
/// </summary>
internal static class SurfaceRules
{
    /// <summary>The C# type of a field's property, without namespaces (versions side by side live in different ones).</summary>
    public static string PropertyType(FieldSpec field) => CSharpTypes.OfField(field, "");

    public static SurfaceImpact Removed(string member)
        => new(ChangeSeverity.Breaking, member, "CS1061", $"'{member}' is gone: code that reads, sets or calls it stops compiling.");

    public static SurfaceImpact RequiredMemberAdded(string member)
        => new(ChangeSeverity.Breaking, member, "CS9035",
            $"'{member}' is a required member: every object initializer that does not set it stops compiling (test fakes, caches, hand-built requests).");

    public static SurfaceImpact TypeChanged(string member, string oldType, string newType)
        => new(ChangeSeverity.Breaking, member, "CS0029", $"'{member}' changed from {oldType} to {newType}: code that reads or sets it with the old type stops compiling.");

    public static SurfaceImpact TypeRenamed(string oldName, string newName)
        => new(ChangeSeverity.Breaking, oldName, "CS0246", $"The type '{oldName}' is now '{newName}': code that names it stops compiling.");

    public static SurfaceImpact EnumMemberRemoved(string member)
        => new(ChangeSeverity.Breaking, member, "CS0117", $"'{member}' is gone: code that names the value stops compiling.");

    public static SurfaceImpact MemberRenamed(string oldMember, string newName)
        => new(ChangeSeverity.Breaking, oldMember, oldMember.Contains("Async") ? "CS1061" : "CS0117", $"'{oldMember}' is now '{newName}': code that names it stops compiling.");

    /// <summary>
    /// A property that became nullable (<c>T</c> → <c>T?</c>): reading a value type into <c>T</c> is an error (CS0266),
    /// a reference type a nullable warning (CS8600). Null when the property's type did not gain a <c>?</c>.
    /// </summary>
    public static SurfaceImpact? BecameNullable(FieldSpec o, FieldSpec n, string member)
    {
        var (oldType, newType) = (PropertyType(o), PropertyType(n));
        if (newType != oldType + "?") return null;
        return CSharpTypes.IsValueType(n.Type)
            ? new(ChangeSeverity.Breaking, member, "CS0266", $"'{member}' is now {Short(newType)} (was {Short(oldType)}): code that reads it into {Short(oldType)} stops compiling (cannot implicitly convert).")
            : new(ChangeSeverity.Warning, member, "CS8600", $"'{member}' may now be null: code that reads it into a non-nullable {Short(oldType)} gets a nullable warning (an error under TreatWarningsAsErrors).");
    }

    /// <summary>
    /// A method's parameter at <paramref name="position"/> (0-based) is another one now: an old call that passes
    /// arguments by position up to there gives its value to the new parameter. With another type that call stops
    /// compiling (CS1503); with the same type it compiles and sends the value as something else (no error: <c>none</c>).
    /// Either way the method's signature changed (binary: MissingMethodException for code compiled against the old).
    /// </summary>
    public static SurfaceImpact ParameterMoved(string member, int position, (string Name, string Type) old, (string Name, string Type) now)
    {
        var same = old.Type == now.Type;
        return new(ChangeSeverity.Breaking, member, same ? "none" : "CS1503",
            $"'{member}': parameter {position + 1} was '{old.Name}' ({Short(old.Type)}) and is now '{now.Name}' ({Short(now.Type)}): a call that passes it by position "
            + (same ? "still compiles and sends the value as '" + now.Name + "'." : "stops compiling (cannot convert)."));
    }

    private static string Short(string type) => type.Replace("global::.", "").Replace("global::", "");
}
