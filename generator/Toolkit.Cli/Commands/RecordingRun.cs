using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Toolkit.Cli.Specs;
using Toolkit.Testing.Contracts;
using Toolkit.Testing.Cassettes;

namespace Toolkit.Cli.Commands;

/// <summary>
/// What <c>verify</c> and <c>replay</c> both start from: the spec's operations (compiled with the overlays beside
/// it), the recordings, and the operations the command line names for them.
/// </summary>
internal sealed record RecordingRun(IReadOnlyList<IApiContract> Operations, List<(string Path, Cassette Cassette)> Cassettes, string? Operation, string[] BaseUrls)
{
    /// <summary>The run, or null after printing why (exit 2).</summary>
    public static RecordingRun? Prepare(FileInfo specFile, string[] inputs, string[] operationValues, string[] baseUrls, TextWriter error)
    {
        if (!specFile.Exists)
        {
            error.WriteLine($"error: spec file '{specFile.FullName}' does not exist.");
            return null;
        }
        if (baseUrls.FirstOrDefault(b => !Uri.TryCreate(b, UriKind.Absolute, out _)) is { } badUrl)
        {
            error.WriteLine($"error: --base-url '{badUrl}' is not an absolute URL.");
            return null;
        }
        var choice = OperationChoice.Parse(operationValues, error);
        if (choice is null) return null;
        var (operations, errors) = SpecCompiler.CompileOperations(specFile.FullName);
        foreach (var name in choice.Names)
        {
            if (operations is not null && SpecCompiler.CompileOperations(specFile.FullName, name) is { Operations: null } named) (operations, errors) = named;
        }
        if (operations is null)
        {
            foreach (var e in errors) error.WriteLine(e);
            return null;
        }
        var cassettes = Recordings.Load(inputs, error);
        if (cassettes is null) return null;
        choice.Apply(cassettes);
        return new RecordingRun(operations, cassettes, choice.Everywhere, baseUrls);
    }
}
