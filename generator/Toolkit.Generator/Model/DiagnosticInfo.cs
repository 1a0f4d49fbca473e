using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Toolkit.Generator.Model;

/// <summary>
/// A diagnostic as plain equatable data: descriptor, message arguments and the spec file location.
/// Turned into a <see cref="Diagnostic"/> only at report time, so models never hold a <see cref="Location"/>.
/// </summary>
internal sealed record DiagnosticInfo(
    DiagnosticDescriptor Descriptor,
    string FilePath,
    TextSpan Span,
    LinePositionSpan LineSpan,
    EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic()
        => Diagnostic.Create(Descriptor, Location.Create(FilePath, Span, LineSpan), MessageArgs());

    private object?[] MessageArgs()
    {
        var args = new object?[Arguments.Count];
        for (var i = 0; i < args.Length; i++) args[i] = Arguments[i];
        return args;
    }
}
