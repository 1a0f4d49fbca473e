using System;
using System.Buffers;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using Toolkit.Generator.Model;
using Toolkit.Generator.Parsing;
using Toolkit.Generator.Versioning;

namespace Toolkit.Cli.Commands;

/// <summary><c>toolkit diff old.json new.json</c>: what changed between two versions of a spec, and what it breaks.</summary>
internal static class DiffCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var oldSpec = new Argument<FileInfo>("old") { Description = "The old version of the spec." };
        var newSpec = new Argument<FileInfo>("new") { Description = "The new version of the spec." };
        var json = new Option<bool>("--json") { Description = "Print the changes as JSON." };
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit 1 when a change is at least this severe: breaking (default) or warning.",
            DefaultValueFactory = _ => "breaking",
        };
        failOn.AcceptOnlyFromAmong("breaking", "warning");
        var command = new Command("diff", "Compare two versions of a spec: every change with its rule id, severity, path and old and new values, and the version bump semver requires.")
        {
            oldSpec, newSpec, json, failOn,
        };
        command.SetAction(result => Run(result.GetValue(oldSpec)!, result.GetValue(newSpec)!, result.GetValue(json), result.GetValue(failOn)!, output, error));
        return command;
    }

    private static int Run(FileInfo oldFile, FileInfo newFile, bool json, string failOn, TextWriter output, TextWriter error)
    {
        var old = Load(oldFile, error);
        var @new = Load(newFile, error);
        if (old is null || @new is null) return ExitCodes.InvalidInput;

        var changes = SpecDiff.Compare(old, @new);
        var breaking = changes.Count(c => c.Severity == ChangeSeverity.Breaking);
        var warnings = changes.Count(c => c.Severity == ChangeSeverity.Warning);
        var infos = changes.Count - breaking - warnings;
        var oldVersion = SemanticVersion.TryParse(old.Version)!;
        var newVersion = SemanticVersion.TryParse(@new.Version)!;
        var required = breaking > 0 ? (oldVersion.Major == 0 ? "minor (0.x)" : "major") : warnings > 0 ? "minor" : changes.Count > 0 ? "patch" : "none";
        var bumpOk = breaking > 0 ? newVersion.AllowsBreakingChangesFrom(oldVersion)
            : warnings > 0 ? newVersion.AllowsWarningsFrom(oldVersion)
            : true;

        if (json)
        {
            output.Write(ToJson(old, @new, changes, required, bumpOk));
        }
        else
        {
            output.WriteLine($"{old.Name} {old.Version} → {@new.Name} {@new.Version}: {breaking} breaking, {warnings} warning, {infos} info.");
            output.WriteLine($"Semver: needs a {required} bump; {(bumpOk ? "the new version has it." : "the new version does not have it.")}");
            foreach (var c in changes.OrderByDescending(c => c.Severity))
            {
                output.WriteLine();
                output.WriteLine($"{c.Severity.ToString().ToUpperInvariant(),-9} {c.Rule.Id} {c.Rule.Name}  {c.Path}");
                output.WriteLine($"          {c.Message}");
                if (c.Hint is not null) output.WriteLine($"          hint: {c.Hint}");
            }
        }
        var threshold = failOn == "warning" ? ChangeSeverity.Warning : ChangeSeverity.Breaking;
        return changes.Any(c => c.Severity >= threshold) ? ExitCodes.ProblemsFound : ExitCodes.Success;
    }

    /// <summary>Parses a spec; its diagnostics are printed as the compiler would and make the result null.</summary>
    internal static SpecModel? Load(FileInfo file, TextWriter error)
    {
        if (!file.Exists)
        {
            error.WriteLine($"error: spec file '{file.FullName}' does not exist.");
            return null;
        }
        // The overlays beside the spec correct it here as in a build; one that cannot be read fails the load.
        var broken = Specs.SpecFiles.OverlaysOf(file.FullName).Where(o => o.Problem is not null).ToList();
        foreach (var o in broken) error.WriteLine(Specs.SpecCompiler.Format(o.Problem!.ToDiagnostic()));
        SpecInput input;
        try
        {
            input = Specs.SpecFiles.Input(file.FullName); // an OpenAPI document is imported here, as a build would
        }
        catch (Import.OpenApi.OpenApiReadException e)
        {
            error.WriteLine(e.ToCanonical());
            return null;
        }
        var result = SpecParser.Parse(input, CancellationToken.None);
        foreach (var d in result.Diagnostics) error.WriteLine(Specs.SpecCompiler.Format(d.ToDiagnostic()));
        return broken.Count == 0 ? result.Value : null;
    }

    private static string ToJson(SpecModel old, SpecModel @new, EquatableArray<SpecChange> changes, string required, bool bumpOk)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("spec", @new.Name);
            w.WriteString("oldVersion", old.Version);
            w.WriteString("newVersion", @new.Version);
            w.WriteString("requiredBump", required);
            w.WriteBoolean("versionBumpSufficient", bumpOk);
            w.WriteStartArray("changes");
            foreach (var c in changes)
            {
                w.WriteStartObject();
                w.WriteString("rule", c.Rule.Id);
                w.WriteString("name", c.Rule.Name);
                w.WriteString("severity", c.Severity.ToString().ToLowerInvariant());
                w.WriteString("path", c.Path);
                w.WriteString("message", c.Message);
                if (c.OldValue is null) w.WriteNull("old"); else w.WriteString("old", c.OldValue);
                if (c.NewValue is null) w.WriteNull("new"); else w.WriteString("new", c.NewValue);
                if (c.Hint is not null) w.WriteString("hint", c.Hint);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }
}
