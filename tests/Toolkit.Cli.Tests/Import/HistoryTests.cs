using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Toolkit.Cli.Tests.Infrastructure;
using Toolkit.Generator.Parsing;
using Toolkit.Generator.Versioning;
using Xunit;

namespace Toolkit.Cli.Tests.Import;

/// <summary>The real history of the image-segmentation schemas: every version imports, and every change between them is reported.</summary>
public sealed class HistoryTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("toolkit-history-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>(date, file) of each input and output version; names are &lt;input|output&gt;.&lt;commit&gt;.&lt;date&gt;.json.</summary>
    private static List<(string Date, string Path)> Versions(string kind)
        => Directory.GetFiles(TaskSpecs.HistoryDirectory, kind + ".*.json")
            .Select(p => (Date: Path.GetFileNameWithoutExtension(p).Split('.')[2], Path: p))
            .OrderBy(v => v.Date, StringComparer.Ordinal)
            .ToList();

    [TaskSpecsFact]
    public void EveryVersionImportsAndEachChangeIsReported()
    {
        var inputs = Versions("input");
        var outputs = Versions("output");
        Assert.True(inputs.Count >= 6, "expected the six published input versions");
        var models = new List<Toolkit.Generator.Model.SpecModel>();
        for (var i = 0; i < inputs.Count; i++)
        {
            // Each input goes with the newest output published by its date.
            var output = outputs.Last(o => string.CompareOrdinal(o.Date, inputs[i].Date) <= 0);
            var spec = Path.Combine(_dir.FullName, $"{i + 1}.0.0.json");
            var (exit, stdout, stderr) = CliRunner.Run("import", inputs[i].Path, output.Path, "--out", spec, "--version", $"{i + 1}.0.0", "--name", "image-segmentation");
            Assert.True(exit == 0, inputs[i].Path + "\n" + stdout + stderr);
            models.Add(SpecParser.Parse(spec, File.ReadAllText(spec), null, CancellationToken.None).Value!);
        }
        var changes = new List<SpecChange>();
        for (var i = 1; i < models.Count; i++) changes.AddRange(SpecDiff.Compare(models[i - 1], models[i]));

        // data → inputs: removed + added, with a rename hint.
        var data = Assert.Single(changes, c => c.Rule.Id == "TKD001" && c.Path == "payload.data");
        Assert.Contains("rename of 'data' to 'inputs'", data.Hint);
        Assert.Equal(ChangeSeverity.Breaking, data.Severity);
        // camelCase → snake_case parameters.
        foreach (var (camel, snake) in new[] { ("maskThreshold", "mask_threshold"), ("overlapMaskAreaThreshold", "overlap_mask_area_threshold") })
        {
            var renamed = Assert.Single(changes, c => c.Rule.Id == "TKD001" && c.Path == "payload.parameters." + camel);
            Assert.Contains($"rename of '{camel}' to '{snake}'", renamed.Hint);
            Assert.Contains("casing or separators", renamed.Hint);
        }
        // subtask: oneOf of const → enum, the same values.
        var form = Assert.Single(changes, c => c.Rule.Id == "TKD026" && c.Path == "payload.parameters.subtask");
        Assert.Equal("oneOf of const", form.OldValue);
        Assert.Equal("enum", form.NewValue);
        Assert.DoesNotContain(changes, c => c.Path == "payload.parameters.subtask" && c.Severity == ChangeSeverity.Breaking);
        // The output mask gained a type.
        var mask = Assert.Single(changes, c => c.Rule.Id == "TKD006" && c.Path == "response[].mask");
        Assert.Equal("json (untyped)", mask.OldValue);
        Assert.Equal("mask", mask.NewValue);
    }
}
