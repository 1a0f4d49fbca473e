using Microsoft.CodeAnalysis;

namespace Toolkit.Generator.Diagnostics;

/// <summary>Every diagnostic the generator reports. Ids are stable; see AnalyzerReleases.Unshipped.md.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Toolkit.Spec";

    public static readonly DiagnosticDescriptor InvalidJson = Error(
        "TK0001", "Spec is not valid JSON",
        "Spec is not valid JSON: {0}. Fix the JSON syntax at this position.");

    public static readonly DiagnosticDescriptor MissingKey = Error(
        "TK0002", "Required spec key is missing",
        "{0} is missing the required key '{1}'. Add it: {2}.");

    public static readonly DiagnosticDescriptor InvalidVersion = Error(
        "TK0003", "Spec version is not a semantic version",
        "Spec version '{0}' is not a semantic version. Use MAJOR.MINOR.PATCH, e.g. \"1.0.0\".");

    public static readonly DiagnosticDescriptor UnknownType = Error(
        "TK0004", "Unknown field type",
        "Unknown type '{0}' for {1}. Use one of: string, number, integer, boolean, object, array, enum.");

    public static readonly DiagnosticDescriptor DuplicateKey = Error(
        "TK0005", "Duplicate key or field",
        "'{0}' is defined more than once in {1}. Remove or rename one of them.");

    public static readonly DiagnosticDescriptor InvalidIdentifier = Error(
        "TK0006", "Name cannot become a C# identifier",
        "'{0}' in {1} cannot become a C# identifier ('{2}'). {3}");

    public static readonly DiagnosticDescriptor EmptyEnum = Error(
        "TK0007", "Enum has no values",
        "The enum {0} has no values. List at least one value in 'values'.");

    public static readonly DiagnosticDescriptor MinimumAboveMaximum = Error(
        "TK0008", "Minimum is above maximum",
        "{0} has minimum {1} above maximum {2}. Swap or correct the bounds.");

    public static readonly DiagnosticDescriptor UnknownKey = Error(
        "TK0009", "Unknown spec key",
        "Unknown key '{0}' in {1}. {2}");

    public static readonly DiagnosticDescriptor InvalidValue = Error(
        "TK0010", "Invalid value in spec",
        "Invalid value for '{0}' in {1}: expected {2}, found {3}.");

    public static readonly DiagnosticDescriptor DuplicateName = Error(
        "TK0011", "Two spec items produce the same C# name",
        "{0} produces the C# name '{1}', which {2} already uses. Set '{3}' to choose another name.");

    public static readonly DiagnosticDescriptor InvalidReference = Error(
        "TK0012", "Spec refers to something it does not define",
        "{0}. {1}");

    public static readonly DiagnosticDescriptor UnknownFormat = Error(
        "TK0013", "Unknown format",
        "Unknown format '{0}' for {1} of type '{2}'. {3}");

    public static readonly DiagnosticDescriptor InvalidOverlay = Error(
        "TK0014", "Invalid overlay",
        "Overlay action {0}: {1}. {2}");

    public static readonly DiagnosticDescriptor OverlayWithoutSpec = new(
        "TK0015", "Overlay extends no spec",
        "The overlay extends '{0}', which is not a spec of this project, so it changes nothing. Point 'extends' at the spec file, relative to the overlay.",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor OpenApiDocumentAsSpec = Error(
        "TK0016", "An OpenAPI document is listed as a spec",
        "This file is an OpenAPI document (\"{0}\"), not a spec. List it as <ToolkitOpenApi Include=\"...\" /> (under specs/ the build finds it by its \"openapi\": \"3.x\" key) and the build imports it; or run 'toolkit import' on it.");

    public static readonly DiagnosticDescriptor SingleWithoutArray = Error(
        "TK0017", "\"single\" on a response that is not an array",
        "'single' unwraps a one-element array, but this is {0}. Remove 'single', or give the response \"type\": \"array\" with its 'items'.");

    /// <summary>
    /// A subclient names a spec the project does not hold: its accessor is left out. Information, not a warning: the
    /// project is not wrong, it only lacks the other spec (add it to get <c>Get{Key}Client()</c>).
    /// </summary>
    public static readonly DiagnosticDescriptor SubclientSpecMissing = new(
        "TK0018", "A subclient's spec is not in the project",
        "Subclient '{0}' is a client of spec '{1}', which this project does not hold, so {2}.{3}() is left out. Add that spec to the project to get it.",
        Category, DiagnosticSeverity.Info, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor BreakingChangeWithoutMajorBump = Error(
        "TK0101", "Breaking change without a major version bump",
        "{0} {1} → {2} is a breaking change ({3} {4}) but the major version did not change: {5}{6}");

    public static readonly DiagnosticDescriptor ChangeWithoutMinorBump = new(
        "TK0102", "Change without a minor version bump",
        "{0} {1} → {2} changes what clients see ({3} {4}) but the minor version did not change: {5}{6}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateVersion = Error(
        "TK0103", "Two spec files have the same name and version",
        "This spec and {0} are both {1} {2}. Give each version of a spec its own version number.");

    public static readonly DiagnosticDescriptor UpstreamBreakingChange = new(
        "TK0104", "An upstream release changes the API",
        "{0} {1} → {2} changes the API ({3} {4}); the version is the upstream's release number, not a semantic-version promise: {5}{6}",
        Category, DiagnosticSeverity.Info, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InternalError = Error(
        "TK9999", "The generator failed on this spec",
        "The Toolkit generator failed on this spec ({0}). Please report it with the spec file.");

    private static DiagnosticDescriptor Error(string id, string title, string message)
        => new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
