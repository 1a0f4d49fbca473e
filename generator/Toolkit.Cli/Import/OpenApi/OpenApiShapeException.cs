using System;

namespace Toolkit.Cli.Import.OpenApi;

/// <summary>
/// A document whose shape the spec format cannot hold (schemas nested past its depth, references that only refer to
/// each other): bad input at <see cref="Pointer"/>, which the import reports with the document's file and line.
/// </summary>
internal sealed class OpenApiShapeException(string pointer, string message) : Exception(message)
{
    /// <summary>The JSON Pointer of the node, <c>#/components/schemas/A</c>.</summary>
    public string Pointer { get; } = pointer;
}
