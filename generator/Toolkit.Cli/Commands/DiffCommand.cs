using System;
using System.Buffers;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using Toolkit.Cli.Surface;
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
        var surface = new Option<string>("--surface")
        {
            Description = "How the generated C# surface is judged: measured (default: both versions are generated and compiled, and code written against the old one is compiled against the new one) or model (the rules the build's semver check applies, without compiling).",
            DefaultValueFactory = _ => "measured",
        };
        surface.AcceptOnlyFromAmong("measured", "model");
        var command = new Command("diff", "Compare two versions of a spec: every change with its rule id, severity, path and old and new values, what it breaks (the wire, the generated C# surface, both) with the compiler error users get, and the version bump semver requires.")
        {
            oldSpec, newSpec, json, failOn, surface,
        };
        command.SetAction(result => Run(result.GetValue(oldSpec)!, result.GetValue(newSpec)!, result.GetValue(json), result.GetValue(failOn)!, result.GetValue(surface) == "measured", output, error));
        return command;
    }

    private static int Run(FileInfo oldFile, FileInfo newFile, bool json, string failOn, bool measure, TextWriter output, TextWriter error)
    {
        var old = Load(oldFile, error);
        var @new = Load(newFile, error);
        if (old is null || @new is null) return ExitCodes.InvalidInput;

        var specChanges = SpecDiff.Compare(old, @new);
        IReadOnlyList<MeasuredChange> measured;
        string surfaceHow;
        if (measure)
        {
            var (findings, problems) = SurfaceDiff.Compare(oldFile.FullName, newFile.FullName);
            if (findings is null)
            {
                // The spec's code does not compile here: the model's rules still say what they can.
                measured = specChanges.Select(c => new MeasuredChange(c, Array.Empty<SurfaceFinding>(), c.Surface)).ToList();
                surfaceHow = "not measured (" + string.Join("; ", problems.Take(3)) + "): the model's rules";
            }
            else
            {
                measured = SurfaceAttribution.Attribute(old, @new, specChanges.ToList(), findings);
                surfaceHow = "measured: both versions compiled, the old surface used against the new";
            }
        }
        else
        {
            measured = specChanges.Select(c => new MeasuredChange(c, Array.Empty<SurfaceFinding>(), c.Surface)).ToList();
            surfaceHow = "the model's rules, as the build's semver check applies them";
        }
        var changes = measured.Select(m => m.Change).ToList();
        var breaking = changes.Count(c => c.Overall == ChangeSeverity.Breaking);
        var warnings = changes.Count(c => c.Overall == ChangeSeverity.Warning);
        var infos = changes.Count - breaking - warnings;
        var oldVersion = SemanticVersion.TryParse(old.Version)!;
        var newVersion = SemanticVersion.TryParse(@new.Version)!;
        var required = breaking > 0 ? (oldVersion.Major == 0 ? "minor (0.x)" : "major") : warnings > 0 ? "minor" : changes.Count > 0 ? "patch" : "none";
        var bumpOk = breaking > 0 ? newVersion.AllowsBreakingChangesFrom(oldVersion)
            : warnings > 0 ? newVersion.AllowsWarningsFrom(oldVersion)
            : true;

        var wireBreaking = changes.Count(c => c.WireSeverity == ChangeSeverity.Breaking);
        var surfaceBreaking = changes.Count(c => c.Surface?.Severity == ChangeSeverity.Breaking);
        if (json)
        {
            output.Write(ToJson(old, @new, measured, required, bumpOk, surfaceHow));
        }
        else
        {
            output.WriteLine($"{old.Name} {old.Version} → {@new.Name} {@new.Version}: {breaking} breaking, {warnings} warning, {infos} info.");
            output.WriteLine($"Breaks: the wire {wireBreaking}, the C# surface {surfaceBreaking} ({surfaceHow}).");
            output.WriteLine($"Semver: needs a {required} bump; {(bumpOk ? "the new version has it." : "the new version does not have it.")}");
            foreach (var m in measured.OrderByDescending(m => m.Change.Overall))
            {
                var c = m.Change;
                output.WriteLine();
                output.WriteLine($"{c.Overall.ToString().ToUpperInvariant(),-9} {c.Rule.Id} {c.Rule.Name}  {c.Path}");
                output.WriteLine($"          {c.Message}");
                if (c.Hint is not null) output.WriteLine($"          hint: {c.Hint}");
                if (c.Breaks != Breaks.Nothing) output.WriteLine($"          breaks: {SemverCheck.Describe(c.Breaks)}");
                var findings = m.Findings.Count > 0 ? m.Findings.Select(f => (f.CompilerError, f.Member, f.Message))
                    : c.Surface is { } s ? new[] { (s.CompilerError, s.Member, s.Message) } : Array.Empty<(string, string, string)>();
                foreach (var (id, member, message) in findings)
                {
                    output.WriteLine($"          C# {id} at {member}: {message}");
                }
            }
        }
        var threshold = failOn == "warning" ? ChangeSeverity.Warning : ChangeSeverity.Breaking;
        return changes.Any(c => c.Overall >= threshold) ? ExitCodes.ProblemsFound : ExitCodes.Success;
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

    private static string ToJson(SpecModel old, SpecModel @new, IReadOnlyList<MeasuredChange> changes, string required, bool bumpOk, string surfaceHow)
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
            w.WriteString("surface", surfaceHow);
            w.WriteStartArray("changes");
            foreach (var m in changes)
            {
                var c = m.Change;
                w.WriteStartObject();
                w.WriteString("rule", c.Rule.Id);
                w.WriteString("name", c.Rule.Name);
                w.WriteString("severity", c.Overall.ToString().ToLowerInvariant());
                w.WriteString("wireSeverity", c.WireSeverity.ToString().ToLowerInvariant());
                w.WriteString("breaks", c.Breaks switch { Breaks.Both => "both", Breaks.Wire => "wire", Breaks.Surface => "surface", _ => "nothing" });
                w.WriteString("path", c.Path);
                w.WriteString("message", c.Message);
                if (c.OldValue is null) w.WriteNull("old"); else w.WriteString("old", c.OldValue);
                if (c.NewValue is null) w.WriteNull("new"); else w.WriteString("new", c.NewValue);
                if (c.Hint is not null) w.WriteString("hint", c.Hint);
                if (c.Member is not null) w.WriteString("member", c.Member);
                if (c.Surface is { } surface)
                {
                    w.WriteStartObject("surface");
                    w.WriteString("severity", surface.Severity.ToString().ToLowerInvariant());
                    w.WriteString("member", surface.Member);
                    w.WriteString("compilerError", surface.CompilerError);
                    w.WriteString("message", surface.Message);
                    w.WriteEndObject();
                }
                if (m.Findings.Count > 1)
                {
                    w.WriteStartArray("surfaceFindings");
                    foreach (var f in m.Findings)
                    {
                        w.WriteStartObject();
                        w.WriteString("member", f.Member);
                        w.WriteString("compilerError", f.CompilerError);
                        w.WriteString("message", f.Message);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }
}
