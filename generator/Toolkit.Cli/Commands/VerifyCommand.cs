using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using Toolkit.Cli.Specs;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Import;
using Toolkit.Testing.Verification;

namespace Toolkit.Cli.Commands;

/// <summary><c>toolkit verify --spec spec.json files...</c>: checks recordings against the spec.</summary>
internal static class VerifyCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var spec = new Option<FileInfo>("--spec") { Description = "The spec file to check against.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var operation = new Option<string[]>("--operation") { Description = "NAME: the operation (key or method name) that settles exchanges several operations fit; PATTERN=NAME: the same for the files whose name matches (* and ?), repeatable. A cassette may name its own." };
        var baseUrl = new Option<string[]>("--base-url") { Description = "A base URL the recordings were made against, besides the spec's own (e.g. a local stand-in).", AllowMultipleArgumentsPerToken = false };
        var suggest = new Option<bool>("--suggest-overlay") { Description = "Print an overlay (JSON) whose actions would make these recordings conform, each with its evidence, to review and save beside the spec as <spec>.overlay.json; the report goes to standard error." };
        var files = new Argument<string[]>("files")
        {
            Description = "Cassettes or neutral exchange files (or folders of them) to check.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("verify", "Check recorded exchanges against a spec: status, content type, fields, types, enums, ranges, nullability, masks, and that the generated client reads each body. Exits 0 only when there is no violation.")
        {
            spec, json, files, operation, baseUrl, suggest,
        };
        command.SetAction(result => Run(result.GetValue(spec)!, result.GetValue(files)!, result.GetValue(json), result.GetValue(operation) ?? Array.Empty<string>(), result.GetValue(baseUrl) ?? Array.Empty<string>(),
            result.GetValue(suggest), output, error));
        return command;
    }

    private static int Run(FileInfo specFile, string[] inputs, bool json, string[] operationValues, string[] baseUrls, bool suggest, TextWriter output, TextWriter error)
    {
        var run = RecordingRun.Prepare(specFile, inputs, operationValues, baseUrls, error);
        if (run is null) return ExitCodes.InvalidInput;
        var (operations, cassettes, operation, _) = run;

        var report = new ContractVerifier(operations, operation: operation, baseUrls: baseUrls).Verify(cassettes);
        if (suggest)
        {
            // RecordingRun compiled the spec already: an OpenAPI document here has been read once without error.
            var (tree, _, problems) = Toolkit.Generator.Parsing.SpecParser.ReadTree(SpecFiles.Input(specFile.FullName));
            if (tree is null)
            {
                foreach (var d in problems) error.WriteLine(SpecCompiler.Format(d.ToDiagnostic()));
                return ExitCodes.InvalidInput;
            }
            var suggester = new Contracts.OverlaySuggester(tree);
            var bySource = cassettes.ToDictionary(c => c.Path, c => c.Cassette, StringComparer.Ordinal);
            foreach (var group in report.Violations.GroupBy(v => (v.Source, v.Exchange, v.Operation)))
            {
                var body = bySource[group.Key.Source].Exchanges[group.Key.Exchange].Response.Body?.Bytes ?? ReadOnlyMemory<byte>.Empty;
                suggester.Add(group.Key.Source, group.Key.Exchange, group.Key.Operation, body, group);
            }
            output.Write(suggester.ToJson(specFile.Name));
            error.Write(json ? report.ToJson() : report.ToText());
            return report.IsClean ? ExitCodes.Success : ExitCodes.ProblemsFound;
        }
        output.Write(json ? report.ToJson() : report.ToText());
        return report.IsClean ? ExitCodes.Success : ExitCodes.ProblemsFound;
    }

}
