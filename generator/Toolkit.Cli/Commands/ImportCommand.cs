using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using NJsonSchema;
using Toolkit.Cli.Import;
using Toolkit.Generator.Parsing;

namespace Toolkit.Cli.Commands;

/// <summary><c>toolkit import input.json output.json --out spec.json</c>: a Hugging Face task schema pair to a spec.</summary>
internal static class ImportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var input = new Argument<FileInfo?>("input") { Description = "An OpenAPI 3.0/3.1 document (.json, .yaml), or a Hugging Face task's input schema (input.json, with its output.json after it).", Arity = ArgumentArity.ZeroOrOne };
        var outputSchema = new Argument<FileInfo?>("output") { Description = "With a task's input schema: its output schema (output.json).", Arity = ArgumentArity.ZeroOrOne };
        var tasks = new Option<DirectoryInfo[]>("--tasks") { Description = "A folder of task folders (<task>/input.json, output.json, stream_output.json): all become one whole-API spec, one operation per task; repeatable, the folders read as one set.", AllowMultipleArgumentsPerToken = false };
        var spec = new Option<FileInfo>("--out") { Description = "The spec file to write.", Required = true };
        var common = new Option<FileInfo?>("--common") { Description = "common-definitions.json (default: beside the input, or in its parent folder)." };
        var name = new Option<string?>("--name") { Description = "The spec's name (default: the task named in the schema's $id, else the input's folder; with --tasks, hf-inference)." };
        var version = new Option<string?>("--version") { Description = "The spec's version (default: 1.0.0; for OpenAPI, the document's info.version)." };
        var overlays = new Option<FileInfo[]>("--overlay") { Description = "OpenAPI only: an OpenAPI Overlay 1.0 file (JSONPath targets) applied to the document before import; repeatable, in order.", AllowMultipleArgumentsPerToken = false };
        var ns = new Option<string?>("--namespace") { Description = "OpenAPI only: the C# namespace (default: the PascalCase of info.title)." };
        var command = new Command("import", "Import an OpenAPI 3.0/3.1 document (JSON or YAML, read with Microsoft.OpenApi) as a whole-API spec; or a Hugging Face task schema pair (JSON Schema, $refs resolved with NJsonSchema) as a spec, with the Inference API's request conventions; or, with --tasks, every task of a folder as one whole-API spec.")
        {
            input, outputSchema, spec, common, name, version, tasks, overlays, ns,
        };
        command.SetAction(result =>
        {
            if (result.GetValue(input) is { } document && result.GetValue(outputSchema) is null && result.GetValue(tasks) is not { Length: > 0 }
                && Import.OpenApi.OpenApiDocuments.IsOpenApi(document.FullName))
            {
                return RunOpenApi(document, result.GetValue(overlays) ?? System.Array.Empty<FileInfo>(), result.GetValue(spec)!,
                    new Import.OpenApi.OpenApiImportOptions(result.GetValue(name), result.GetValue(version), result.GetValue(ns)), output, error);
            }
            if (result.GetValue(overlays) is { Length: > 0 })
            {
                error.WriteLine("error: --overlay applies to OpenAPI documents; task schemas take overlays as *.overlay.json beside the spec.");
                return ExitCodes.InvalidInput;
            }
            if (result.GetValue(tasks) is { Length: > 0 } folders)
            {
                if (result.GetValue(input) is not null)
                {
                    error.WriteLine("error: give either --tasks <folder> or an input and an output schema, not both.");
                    return ExitCodes.InvalidInput;
                }
                return RunTasks(folders, result.GetValue(spec)!, result.GetValue(common), result.GetValue(name) ?? "hf-inference", result.GetValue(version) ?? "1.0.0", output, error);
            }
            foreach (var given in new[] { result.GetValue(input), result.GetValue(outputSchema) })
            {
                // Say what is wrong with the file given before asking for another.
                if (given is null) continue;
                if (Directory.Exists(given.FullName))
                {
                    error.WriteLine($"error: '{given.FullName}' is a folder; give a document or schema file, or --tasks <folder> for a folder of task schemas.");
                    return ExitCodes.InvalidInput;
                }
                if (!given.Exists)
                {
                    error.WriteLine($"error: '{given.FullName}' does not exist.");
                    return ExitCodes.InvalidInput;
                }
            }
            if (result.GetValue(input) is { } alone && result.GetValue(outputSchema) is null)
            {
                error.WriteLine($"error: '{alone.FullName}' is neither an OpenAPI document (no \"openapi\": \"3.x\" at its top) nor a task's input schema followed by its output schema. Run 'toolkit import --help' for usage.");
                return ExitCodes.InvalidInput;
            }
            if (result.GetValue(input) is not { } inputFile || result.GetValue(outputSchema) is not { } outputFile)
            {
                error.WriteLine("error: give an input and an output schema (input.json output.json), or --tasks <folder>. Run 'toolkit import --help' for usage.");
                return ExitCodes.InvalidInput;
            }
            return Run(inputFile, outputFile, result.GetValue(spec)!, result.GetValue(common), result.GetValue(name), result.GetValue(version) ?? "1.0.0", output, error);
        });
        return command;
    }

    /// <summary>An OpenAPI document (with its overlays) as one whole-API spec.</summary>
    private static int RunOpenApi(FileInfo document, FileInfo[] overlays, FileInfo specFile, Import.OpenApi.OpenApiImportOptions options, TextWriter output, TextWriter error)
    {
        if (!OutputFiles.CanWrite(specFile, "--out", error)) return ExitCodes.InvalidInput;
        ImportResult result;
        try
        {
            // Overlays given on the command line come after those beside the document that extend it.
            result = Import.OpenApi.OpenApiImport.Run(document.FullName, Import.OpenApi.OpenApiOverlays.Beside(document.FullName).Concat(overlays.Select(o => o.FullName)).Distinct().ToList(), options);
        }
        catch (Import.OpenApi.OpenApiReadException e)
        {
            error.WriteLine(e.ToCanonical());
            return ExitCodes.InvalidInput;
        }
        var spec = result.Spec;
        return Write(result, specFile, spec["name"]!.GetValue<string>(), spec["version"]!.GetValue<string>(), document.Name, output, error);
    }

    /// <summary>Every task folder of the folders (read as one set, Import/TaskFolders) as one operation of one whole-API spec.</summary>
    private static int RunTasks(DirectoryInfo[] folders, FileInfo specFile, FileInfo? common, string name, string version, TextWriter output, TextWriter error)
    {
        if (!OutputFiles.CanWrite(specFile, "--out", error)) return ExitCodes.InvalidInput;
        ImportResult result;
        try
        {
            var (loaded, commonKeys, notes) = TaskFolders.Load(folders.Select(f => f.FullName).ToList(), common?.FullName);
            result = TaskSchemaImporter.ImportApi(loaded, commonKeys, name, version);
            result = result with { Notes = notes.Concat(result.Notes).ToList() };
        }
        catch (ImportException e)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.InvalidInput;
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine("error: the tasks cannot be expressed in the spec format: " + e.Message);
            return ExitCodes.InvalidInput;
        }
        return Write(result, specFile, name, version, string.Join(", ", folders.Select(f => f.Name)), output, error);
    }

    /// <summary>Checks the imported spec with the generator's own parser, then writes it with the importer's notes.</summary>
    private static int Write(ImportResult result, FileInfo specFile, string name, string version, string source, TextWriter output, TextWriter error)
    {
        var text = result.ToText();
        // The importer's own output must be a valid spec: check it with the generator's parser before writing.
        var parsed = SpecParser.Parse(specFile.FullName, text, null, CancellationToken.None);
        if (parsed.Value is null)
        {
            error.WriteLine($"error: the spec imported from {source} does not parse (an importer bug; please report it):");
            foreach (var d in parsed.Diagnostics) error.WriteLine("  " + Specs.SpecCompiler.Format(d.ToDiagnostic()));
            return ExitCodes.InvalidInput;
        }
        Directory.CreateDirectory(specFile.DirectoryName!);
        File.WriteAllText(specFile.FullName, text);
        output.WriteLine($"Imported {name} {version} to {specFile.FullName}.");
        foreach (var note in result.Notes) output.WriteLine("note: " + note);
        return ExitCodes.Success;
    }

    private static int Run(FileInfo input, FileInfo outputSchema, FileInfo specFile, FileInfo? common, string? name, string version, TextWriter output, TextWriter error)
    {
        foreach (var file in new[] { input, outputSchema })
        {
            if (!file.Exists)
            {
                error.WriteLine($"error: '{file.FullName}' does not exist.");
                return ExitCodes.InvalidInput;
            }
        }
        if (common is { Exists: false })
        {
            error.WriteLine($"error: --common '{common.FullName}' does not exist.");
            return ExitCodes.InvalidInput;
        }
        if (!OutputFiles.CanWrite(specFile, "--out", error)) return ExitCodes.InvalidInput;
        var task = name ?? TaskName(input);
        JsonSchema inSchema, outSchema;
        try
        {
            inSchema = Load(input.FullName, common?.FullName);
            outSchema = Load(outputSchema.FullName, common?.FullName);
        }
        catch (Exception e) when (e is ImportException or JsonException or InvalidOperationException or Newtonsoft.Json.JsonException or AggregateException)
        {
            error.WriteLine("error: " + (e is AggregateException { InnerException: { } inner } ? inner.Message : e.Message));
            return ExitCodes.InvalidInput;
        }

        ImportResult result;
        try
        {
            SchemaCycles.Check(inSchema, input.Name);
            SchemaCycles.Check(outSchema, outputSchema.Name);
            result = TaskSchemaImporter.Import(inSchema, outSchema, task, version);
        }
        catch (ImportException e)
        {
            error.WriteLine($"error: {task} cannot be expressed in the spec format: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (InvalidOperationException e)
        {
            // NJsonSchema's own refusals (an unresolvable or cyclic $ref, say).
            error.WriteLine($"error: {task}: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        return Write(result, specFile, task, version, input.Name, output, error);
    }

    private static JsonSchema Load(string path, string? common) => TaskFolders.Load(path, common);

    /// <summary>The task in "$id": "/inference/schemas/&lt;task&gt;/input.json", else the input's folder name.</summary>
    private static string TaskName(FileInfo input)
    {
        try
        {
            if (System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(input.FullName))?["$id"]?.GetValue<string>() is { } id)
            {
                var parts = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2) return parts[^2];
            }
        }
        catch (JsonException)
        {
        }
        return input.Directory!.Name;
    }
}
