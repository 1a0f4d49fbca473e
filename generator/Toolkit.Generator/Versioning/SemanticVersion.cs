using System;
using System.Globalization;

namespace Toolkit.Generator.Versioning;

/// <summary>A semantic version (semver.org 2.0.0): ordering ignores build metadata; pre-releases sort before the release.</summary>
internal sealed record SemanticVersion(int Major, int Minor, int Patch, string? PreRelease) : IComparable<SemanticVersion>
{
    /// <summary>Parses MAJOR.MINOR.PATCH[-pre][+build]; null when the text is not one.</summary>
    public static SemanticVersion? TryParse(string text)
    {
        var core = text;
        var plus = core.IndexOf('+');
        if (plus >= 0) core = core.Substring(0, plus);
        string? pre = null;
        var dash = core.IndexOf('-');
        if (dash >= 0)
        {
            pre = core.Substring(dash + 1);
            core = core.Substring(0, dash);
        }
        var parts = core.Split('.');
        if (parts.Length != 3) return null;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
        {
            return null;
        }
        return new SemanticVersion(major, minor, patch, pre);
    }

    public int CompareTo(SemanticVersion? other)
    {
        if (other is null) return 1;
        var c = Major.CompareTo(other.Major);
        if (c == 0) c = Minor.CompareTo(other.Minor);
        if (c == 0) c = Patch.CompareTo(other.Patch);
        if (c != 0) return c;
        if (PreRelease is null) return other.PreRelease is null ? 0 : 1;
        if (other.PreRelease is null) return -1;
        var a = PreRelease.Split('.');
        var b = other.PreRelease.Split('.');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var aNumeric = int.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var an);
            var bNumeric = int.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var bn);
            c = aNumeric && bNumeric ? an.CompareTo(bn)
                : aNumeric ? -1
                : bNumeric ? 1
                : string.CompareOrdinal(a[i], b[i]);
            if (c != 0) return c;
        }
        return a.Length.CompareTo(b.Length);
    }

    /// <summary>
    /// True when going from <paramref name="old"/> to this version allows breaking changes: a major bump, or,
    /// below 1.0.0 (where semver promises nothing), at least a minor bump.
    /// </summary>
    public bool AllowsBreakingChangesFrom(SemanticVersion old)
        => Major > old.Major || (Major == 0 && old.Major == 0 && Minor > old.Minor);

    /// <summary>True when going from <paramref name="old"/> allows additions that deserve attention: at least a minor bump.</summary>
    public bool AllowsWarningsFrom(SemanticVersion old) => Major > old.Major || (Major == old.Major && Minor > old.Minor);

    public override string ToString()
        => Major.ToString(CultureInfo.InvariantCulture) + "." + Minor.ToString(CultureInfo.InvariantCulture) + "." + Patch.ToString(CultureInfo.InvariantCulture)
           + (PreRelease is null ? "" : "-" + PreRelease);
}
