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
        var operation = new Option<string?>("--operation") { Description = "For a whole-API spec: the operation the recordings belong to (its key or method name)." };
        var files = new Argument<string[]>("files")
        {
            Description = "Cassettes or neutral exchange files (or folders of them) to check.",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("verify", "Check recorded exchanges against a spec: status, content type, fields, types, enums, ranges, nullability, masks, and that the generated client reads each body. Exits 0 only when there is no violation.")
        {
            spec, json, files, operation,
        };
        command.SetAction(result => Run(result.GetValue(spec)!, result.GetValue(files)!, result.GetValue(json), result.GetValue(operation), output, error));
        return command;
    }

    private static int Run(FileInfo specFile, string[] inputs, bool json, string? operation, TextWriter output, TextWriter error)
    {
        if (!specFile.Exists)
        {
            error.WriteLine($"error: spec file '{specFile.FullName}' does not exist.");
            return ExitCodes.InvalidInput;
        }
        var (contract, errors) = SpecCompiler.Compile(specFile.FullName, operation);
        if (contract is null)
        {
            foreach (var e in errors) error.WriteLine(e);
            return ExitCodes.InvalidInput;
        }

        var cassettes = new List<(string, Cassette)>();
        foreach (var path in Expand(inputs))
        {
            try
            {
                var bytes = File.ReadAllBytes(path);
                var cassette = ExchangeFileImporter.IsExchangeFile(bytes) ? ExchangeFileImporter.Import(bytes, path) : CassetteFile.Read(bytes, path);
                cassettes.Add((path, cassette));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CassetteFormatException)
            {
                error.WriteLine("error: " + e.Message);
                return ExitCodes.InvalidInput;
            }
        }
        if (cassettes.Count == 0)
        {
            error.WriteLine("error: no cassette or exchange files found in " + string.Join(", ", inputs));
            return ExitCodes.InvalidInput;
        }

        var report = new ContractVerifier(contract).Verify(cassettes);
        output.Write(json ? report.ToJson() : report.ToText());
        return report.IsClean ? ExitCodes.Success : ExitCodes.ProblemsFound;
    }

    private static IEnumerable<string> Expand(IEnumerable<string> inputs)
    {
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                foreach (var file in Directory.GetFiles(input, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)) yield return file;
            }
            else
            {
                yield return input;
            }
        }
    }
}
