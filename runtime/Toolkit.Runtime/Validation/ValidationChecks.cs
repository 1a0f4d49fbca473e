using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;

namespace Toolkit.Runtime.Validation;

/// <summary>Rule checks called by generated validators. Not meant to be called directly.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ValidationChecks
{
    /// <summary>A number must be finite and within the inclusive bounds that are given.</summary>
    public static void Number(List<ValidationError> errors, string path, double? value, double? minimum, double? maximum)
    {
        if (value is not { } v) return;
        if (double.IsNaN(v) || double.IsInfinity(v))
        {
            errors.Add(new ValidationError(path, "must be a finite number, was " + Format(v)));
            return;
        }
        if ((minimum is { } min && v < min) || (maximum is { } max && v > max))
        {
            errors.Add(new ValidationError(path, "must be " + Bounds(minimum, maximum) + ", was " + Format(v)));
        }
    }

    /// <summary>A required value must be present.</summary>
    public static void Required(List<ValidationError> errors, string path, object? value)
    {
        if (value is null) errors.Add(new ValidationError(path, "is required"));
    }

    /// <summary>A required binary value must be present and non-empty.</summary>
    public static void RequiredBytes(List<ValidationError> errors, string path, ReadOnlyMemory<byte> value)
    {
        if (value.IsEmpty) errors.Add(new ValidationError(path, "is required and must not be empty"));
    }

    /// <summary>An enum value must be one the spec lists.</summary>
    public static void EnumDefined(List<ValidationError> errors, string path, bool isDefined, string allowed, object? value)
    {
        if (!isDefined) errors.Add(new ValidationError(path, "must be one of " + allowed + ", was " + value));
    }

    /// <summary>The JSON path of a member.</summary>
    public static string Member(string path, string name) => Json.JsonReading.Member(path, name);

    /// <summary>The JSON path of an array item.</summary>
    public static string Index(string path, int index) => Json.JsonReading.Index(path, index);

    private static string Bounds(double? minimum, double? maximum) => (minimum, maximum) switch
    {
        ({ } min, { } max) => "between " + Format(min) + " and " + Format(max),
        ({ } min, null) => "at least " + Format(min),
        (null, { } max) => "at most " + Format(max),
        _ => "any number",
    };

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
