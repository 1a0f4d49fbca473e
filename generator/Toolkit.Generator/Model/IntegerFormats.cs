using System.Globalization;

namespace Toolkit.Generator.Model;

/// <summary>
/// The integer policy, in one place: a JSON integer's C# type and range come from its <c>format</c>. <c>int32</c> is
/// <c>int</c>; <c>int64</c> and <c>uint32</c> are <c>long</c>; <c>uint64</c> is <c>ulong</c>; an integer with no format is
/// <c>long</c>, because JSON Schema's integer has no width and <c>long</c> holds every Unix time and count a service
/// sends. Readers refuse a number outside the format's range (or a fraction) with a <c>JsonPayloadException</c> naming
/// the path and the range (<see cref="Expected"/>, worded as the runtime's <c>JsonReading</c> words it); validators and
/// the contract's schema check the same range.
/// </summary>
internal static class IntegerFormats
{
    /// <summary>The formats an integer may take, in the words of diagnostics.</summary>
    public const string Known = "\"int32\" (int), \"int64\" (long), \"uint32\" (long) or \"uint64\" (ulong); none is long";

    public static bool IsKnown(string? format) => format is null or "int32" or "int64" or "uint32" or "uint64";

    /// <summary>The value kind of an integer of <paramref name="format"/> (a known one).</summary>
    public static TypeRef Type(string? format) => format switch
    {
        "int32" => new TypeRef(ValueKind.Integer, Format: "int32"),
        "uint64" => new TypeRef(ValueKind.ULong, Format: "uint64"),
        _ => new TypeRef(ValueKind.Long, Format: format),
    };

    public static bool IsInteger(ValueKind kind) => kind is ValueKind.Integer or ValueKind.Long or ValueKind.ULong;

    /// <summary>The inclusive range of the format, as exact decimal text.</summary>
    public static (string Minimum, string Maximum) Range(TypeRef type) => type.Format switch
    {
        "int32" => ("-2147483648", "2147483647"),
        "uint32" => ("0", "4294967295"),
        "uint64" => ("0", "18446744073709551615"),
        _ => type.Kind == ValueKind.Integer ? ("-2147483648", "2147483647") : ("-9223372036854775808", "9223372036854775807"),
    };

    /// <summary>What a reader expects, e.g. "an integer from 0 to 18446744073709551615" (the runtime's words).</summary>
    public static string Expected(TypeRef type)
    {
        var (min, max) = Range(type);
        return "an integer from " + min + " to " + max;
    }

    /// <summary>The runtime reader of the format: <c>JsonReading.GetInt32</c>, <c>GetInt64</c>, <c>GetUInt32</c> (a <c>long</c> field) or <c>GetUInt64</c>.</summary>
    public static string Reader(TypeRef type) => MethodSuffix(type) switch
    {
        "UInt32" => "GetUInt32",
        var suffix => "Get" + suffix,
    };

    /// <summary>A method-name-safe word for the format: readers of different ranges get different helpers.</summary>
    public static string MethodSuffix(TypeRef type) => type.Kind switch
    {
        ValueKind.Integer => "Int32",
        ValueKind.ULong => "UInt64",
        _ => type.Format == "uint32" ? "UInt32" : "Int64",
    };

    /// <summary>How <c>toolkit diff</c> names it: the width changes the C# type or the range, so it is part of the type.</summary>
    public static string Describe(TypeRef type) => type.Format is { } format ? "integer (" + format + ")" : type.Kind == ValueKind.Integer ? "integer (int32)" : "integer";

    /// <summary>Whether an integer written as <paramref name="text"/> (JSON digits) is within the format's range.</summary>
    public static bool Fits(string text, TypeRef type)
    {
        if (text.IndexOfAny(new[] { '.', 'e', 'E' }) >= 0) return false;
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return false;
        var (min, max) = Range(type);
        return value >= decimal.Parse(min, CultureInfo.InvariantCulture) && value <= decimal.Parse(max, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The inclusive range a value must be in, as exact decimal text: the declared bounds made whole (a minimum rounded
    /// up, a maximum down) within the format's range. The contract's schema says it, so the verifier checks the range
    /// the generated reader does.
    /// </summary>
    public static (string Minimum, string Maximum) Effective(TypeRef type, double? minimum, double? maximum)
    {
        var (lowText, highText) = Range(type);
        var low = double.Parse(lowText, CultureInfo.InvariantCulture);
        var high = double.Parse(highText, CultureInfo.InvariantCulture);
        var min = lowText;
        var max = highText;
        if (minimum is { } lo && System.Math.Ceiling(lo) > low)
        {
            var whole = System.Math.Ceiling(lo);
            min = whole >= high ? highText : whole.ToString("F0", CultureInfo.InvariantCulture);
        }
        if (maximum is { } hi && System.Math.Floor(hi) < high)
        {
            var whole = System.Math.Floor(hi);
            max = whole <= low ? lowText : whole.ToString("F0", CultureInfo.InvariantCulture);
        }
        return (min, max);
    }

    /// <summary>
    /// The bounds a validator checks, as C# literals of the field's type: <see cref="Effective"/>, each left out (null)
    /// where the C# type alone ensures it (an int's own range), kept where the type is wider (a uint32 in a long).
    /// </summary>
    public static (string? Minimum, string? Maximum) Bounds(TypeRef type, double? minimum, double? maximum)
    {
        var (min, max) = Effective(type, minimum, maximum);
        var csharp = type.Kind switch
        {
            ValueKind.Integer => ("-2147483648", "2147483647"),
            ValueKind.ULong => ("0", "18446744073709551615"),
            _ => ("-9223372036854775808", "9223372036854775807"),
        };
        var unsigned = type.Kind == ValueKind.ULong;
        return (min == csharp.Item1 ? null : Literal(min, unsigned), max == csharp.Item2 ? null : Literal(max, unsigned));
    }

    private static string Literal(string digits, bool unsigned) => digits + (unsigned ? "UL" : "L");
}
