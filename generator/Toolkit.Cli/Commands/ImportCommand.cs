using System;
using System.CommandLine;
using System.IO;
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
        var input = new Argument<FileInfo>("input") { Description = "The task's input schema (input.json)." };
        var outputSchema = new Argument<FileInfo>("output") { Description = "The task's output schema (output.json)." };
        var spec = new Option<FileInfo>("--out") { Description = "The spec file to write.", Required = true };
        var common = new Option<FileInfo?>("--common") { Description = "common-definitions.json (default: beside the input, or in its parent folder)." };
        var name = new Option<string?>("--name") { Description = "The spec's name (default: the task named in the schema's $id, else the input's folder)." };
        var version = new Option<string>("--version") { Description = "The spec's version.", DefaultValueFactory = _ => "1.0.0" };
        var command = new Command("import", "Import a Hugging Face task schema pair (JSON Schema, $refs resolved with NJsonSchema) as a spec, with the Inference API's request conventions.")
        {
            input, outputSchema, spec, common, name, version,
        };
        command.SetAction(result => Run(result.GetValue(input)!, result.GetValue(outputSchema)!, result.GetValue(spec)!, result.GetValue(common),
            result.GetValue(name), result.GetValue(version)!, output, error));
        return command;
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
        var text = result.Spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

        // The importer's own output must be a valid spec: check it with the generator's parser before writing.
        var parsed = SpecParser.Parse(specFile.FullName, text, null, CancellationToken.None);
        if (parsed.Value is null)
        {
            error.WriteLine($"error: the spec imported from {input.Name} does not parse (an importer bug; please report it):");
            foreach (var d in parsed.Diagnostics) error.WriteLine("  " + Specs.SpecCompiler.Format(d.ToDiagnostic()));
            return ExitCodes.InvalidInput;
        }
        Directory.CreateDirectory(specFile.DirectoryName!);
        File.WriteAllText(specFile.FullName, text);
        output.WriteLine($"Imported {task} {version} to {specFile.FullName}.");
        foreach (var note in result.Notes) output.WriteLine("note: " + note);
        return ExitCodes.Success;
    }

    private static JsonSchema Load(string path, string? common)
    {
        var (json, problem) = SchemaBundler.Bundle(path, common);
        if (json is null) throw new ImportException(problem!);
        return JsonSchema.FromJsonAsync(json, path).GetAwaiter().GetResult();
    }

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
