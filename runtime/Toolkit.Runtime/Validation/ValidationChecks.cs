using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using Toolkit.Runtime.Json;

namespace Toolkit.Runtime.Validation;

/// <summary>
/// Rule checks called by generated validators. Not meant to be called directly. Paths are <see cref="JsonPath"/>s,
/// spelled out only for an error: checking a valid request builds no strings.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ValidationChecks
{
    /// <summary>A number must be finite and within the inclusive bounds that are given.</summary>
    public static void Number(List<ValidationError> errors, JsonPath path, double? value, double? minimum, double? maximum)
    {
        if (value is not { } v) return;
        if (double.IsNaN(v) || double.IsInfinity(v))
        {
            errors.Add(new ValidationError(path.ToString(), "must be a finite number, was " + Format(v)));
            return;
        }
        if ((minimum is { } min && v < min) || (maximum is { } max && v > max))
        {
            errors.Add(new ValidationError(path.ToString(), "must be " + Bounds(minimum, maximum) + ", was " + Format(v)));
        }
    }

    /// <summary>An integer must be within the inclusive bounds that are given (compared as integers, exactly).</summary>
    public static void Integer(List<ValidationError> errors, JsonPath path, long? value, long? minimum, long? maximum)
    {
        if (value is not { } v) return;
        if ((minimum is { } min && v < min) || (maximum is { } max && v > max))
        {
            errors.Add(new ValidationError(path.ToString(), "must be " + IntegerBounds(minimum?.ToString(CultureInfo.InvariantCulture), maximum?.ToString(CultureInfo.InvariantCulture))
                + ", was " + v.ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>An unsigned 64-bit integer must be within the inclusive bounds that are given.</summary>
    public static void UnsignedInteger(List<ValidationError> errors, JsonPath path, ulong? value, ulong? minimum, ulong? maximum)
    {
        if (value is not { } v) return;
        if ((minimum is { } min && v < min) || (maximum is { } max && v > max))
        {
            errors.Add(new ValidationError(path.ToString(), "must be " + IntegerBounds(minimum?.ToString(CultureInfo.InvariantCulture), maximum?.ToString(CultureInfo.InvariantCulture))
                + ", was " + v.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static string IntegerBounds(string? minimum, string? maximum) => (minimum, maximum) switch
    {
        ({ } min, { } max) => "between " + min + " and " + max,
        ({ } min, null) => "at least " + min,
        (null, { } max) => "at most " + max,
        _ => "any integer",
    };

    /// <summary>
    /// Whether a validator may look into the object or union at <paramref name="path"/>: not when it is nested as deep
    /// as the generated readers refuse (<see cref="JsonReading.MaxDepth"/>), which is also how a cycle in a graph of
    /// objects ends as one error instead of a stack overflow.
    /// </summary>
    public static bool Enter(List<ValidationError> errors, JsonPath path)
    {
        if (path.Depth < JsonReading.MaxDepth) return true;
        errors.Add(new ValidationError(path.ToString(), $"is nested {path.Depth} levels deep, more than the {JsonReading.MaxDepth - 1} the JSON readers accept (do the objects form a cycle?)"));
        return false;
    }

    /// <summary>A required value must be present.</summary>
    public static void Required(List<ValidationError> errors, JsonPath path, object? value)
    {
        if (value is null) errors.Add(new ValidationError(path.ToString(), "is required"));
    }

    /// <summary>A required binary value must be present and non-empty.</summary>
    public static void RequiredBytes(List<ValidationError> errors, JsonPath path, ReadOnlyMemory<byte> value)
    {
        if (value.IsEmpty) errors.Add(new ValidationError(path.ToString(), "is required and must not be empty"));
    }

    /// <summary>An enum value must be one the spec lists.</summary>
    public static void EnumDefined(List<ValidationError> errors, JsonPath path, bool isDefined, string allowed, object? value)
    {
        if (!isDefined) errors.Add(new ValidationError(path.ToString(), "must be one of " + allowed + ", was " + value));
    }

    private static string Bounds(double? minimum, double? maximum) => (minimum, maximum) switch
    {
        ({ } min, { } max) => "between " + Format(min) + " and " + Format(max),
        ({ } min, null) => "at least " + Format(min),
        (null, { } max) => "at most " + Format(max),
        _ => "any number",
    };

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
