using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.DotNet.ApiCompatibility;
using Microsoft.DotNet.ApiCompatibility.Logging;
using Microsoft.DotNet.ApiCompatibility.Rules;
using Toolkit.Cli.Commands;
using Toolkit.Cli.Surface;
using Toolkit.Generator.Model;
using Toolkit.Generator.Versioning;
using Toolkit.Runtime.Tests.Infrastructure;

namespace Toolkit.Cli.Tests.Infrastructure;

/// <summary>One published version of an API: its spec (imported where needed), its model and its generated code, compiled in memory.</summary>
internal sealed record Release(string Series, string Label, string SpecPath, SpecModel Model, CSharpCompilation Compilation);

/// <summary>
/// Two consecutive releases as <c>toolkit diff</c> judges them (the wire and the measured C# surface, per change) and
/// as Microsoft's ApiCompat judges their generated assemblies (its default rules, run in process).
/// </summary>
internal sealed record ReleasePair(Release Old, Release New, IReadOnlyList<MeasuredChange> Changes, IReadOnlyList<CompatDifference> ApiCompat)
{
    public string Name => $"{Old.Series} {Old.Label} → {New.Label}";

    /// <summary>The worst the wire sees, or null when nothing changed on it.</summary>
    public ChangeSeverity? Wire => Changes.Where(c => c.Change.Rule != ChangeRules.SurfaceChanged).Select(c => (ChangeSeverity?)c.Change.WireSeverity).Max();

    /// <summary>The worst the measured C# surface sees, or null when code written against the old compiles against the new and binds as before.</summary>
    public ChangeSeverity? Surface => Changes.Select(c => c.Change.Surface?.Severity).Max();

    /// <summary>The worst the model's surface rules (the build's semver check) predict.</summary>
    public ChangeSeverity? Predicted => Changes.Select(c => c.Predicted?.Severity).Max();

    public ChangeSeverity Overall => Changes.Select(c => c.Change.Overall).DefaultIfEmpty(ChangeSeverity.Info).Max();
}

/// <summary>
/// The shared release histories (../shared): image-segmentation's schemas since 2024, text-embeddings-inference and
/// text-generation-inference's OpenAPI documents, and the repository's image-segmentation 1.0.0 → 2.0.0. Each
/// version is generated and compiled once; every consecutive pair is diffed once and run through ApiCompat once.
/// </summary>
public sealed class ReleaseHistory : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("toolkit-releases-");
    private readonly Lazy<IReadOnlyList<ReleasePair>> _pairs;

    public ReleaseHistory() => _pairs = new Lazy<IReadOnlyList<ReleasePair>>(Measure);

    public static bool Available => SharedData.Root is { } root && Directory.Exists(Path.Combine(root, "openapi", "text-embeddings-inference"))
        && Directory.Exists(Path.Combine(root, "openapi", "text-generation-inference")) && Directory.Exists(TaskSpecs.HistoryDirectory);

    internal IReadOnlyList<ReleasePair> Pairs => _pairs.Value;

    public void Dispose() => _dir.Delete(recursive: true);

    private IReadOnlyList<ReleasePair> Measure()
    {
        var series = new List<IReadOnlyList<Release>>
        {
            HfHistory(),
            new[] { "1.0.0", "2.0.0" }.Select(v => Load("image-segmentation (repo)", v, Path.Combine(SharedData.RepoRoot, "specs", "huggingface", "image-segmentation", v + ".json"))).ToList(),
            OpenApi("text-embeddings-inference", "TEI"),
            OpenApi("text-generation-inference", "TGI"),
        };
        var comparer = new ApiComparer(new RuleFactory(new QuietLog()));
        var pairs = new List<ReleasePair>();
        foreach (var releases in series)
        {
            for (var i = 1; i < releases.Count; i++)
            {
                var (old, @new) = (releases[i - 1], releases[i]);
                var changes = SpecDiff.Compare(old.Model, @new.Model).ToList();
                var measured = SurfaceAttribution.Attribute(old.Model, @new.Model, changes, SurfaceDiff.Compare(old.Compilation, @new.Compilation));
                var compat = comparer.GetDifferences(old.Compilation.Assembly, @new.Compilation.Assembly).ToList();
                pairs.Add(new ReleasePair(old, @new, measured, compat));
            }
        }
        return pairs;
    }

    private static Release Load(string series, string label, string spec)
    {
        var error = new StringWriter();
        var model = DiffCommand.Load(new FileInfo(spec), error) ?? throw new InvalidOperationException(spec + ": " + error);
        var (compilation, problems) = Specs.SpecCompiler.GeneratedCompilation(spec);
        return new Release(series, label, spec, model, compilation ?? throw new InvalidOperationException(spec + ": " + string.Join("\n", problems)));
    }

    private static IReadOnlyList<Release> OpenApi(string folder, string series)
        => Directory.GetFiles(Path.Combine(SharedData.Root!, "openapi", folder), "openapi-*.json")
            .Select(p => (Path: p, Version: Path.GetFileNameWithoutExtension(p).Substring("openapi-".Length)))
            .OrderBy(v => SemanticVersion.TryParse(v.Version) ?? throw new InvalidOperationException(v.Path))
            .Select(v => Load(series, v.Version, v.Path))
            .ToList();

    /// <summary>Each published input schema with the newest output published by its date, imported as the next major version.</summary>
    private IReadOnlyList<Release> HfHistory()
    {
        List<(string Date, string Path)> Versions(string kind) => Directory.GetFiles(TaskSpecs.HistoryDirectory, kind + ".*.json")
            .Select(p => (Date: Path.GetFileNameWithoutExtension(p).Split('.')[2], Path: p))
            .OrderBy(v => v.Date, StringComparer.Ordinal).ToList();
        var (inputs, outputs) = (Versions("input"), Versions("output"));
        var releases = new List<Release>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var output = outputs.Last(o => string.CompareOrdinal(o.Date, inputs[i].Date) <= 0);
            var spec = Path.Combine(_dir.FullName, $"image-segmentation-{i + 1}.0.0.json");
            var (exit, stdout, stderr) = CliRunner.Run("import", inputs[i].Path, output.Path, "--out", spec, "--version", $"{i + 1}.0.0", "--name", "image-segmentation");
            if (exit != 0) throw new InvalidOperationException(inputs[i].Path + "\n" + stdout + stderr);
            releases.Add(Load("image-segmentation (HF schemas)", $"{i + 1}.0.0 ({inputs[i].Date})", spec));
        }
        return releases;
    }

    /// <summary>ApiCompat's log: its differences are read from the comparer, nothing is printed.</summary>
    private sealed class QuietLog : ISuppressibleLog
    {
        public bool HasLoggedErrors => false;
        public bool HasLoggedErrorSuppressions => false;
        public bool LogError(Suppression suppression, string code, string message) => true;
        public bool LogWarning(Suppression suppression, string code, string message) => true;
        public void LogError(string message) { }
        public void LogError(string code, string message) { }
        public void LogWarning(string message) { }
        public void LogWarning(string code, string message) { }
        public void LogMessage(string message) { }
        public void LogMessage(Microsoft.DotNet.ApiSymbolExtensions.Logging.MessageImportance importance, string message) { }
    }
}

/// <summary>A fact over the shared release histories; skipped with a clear message when ../shared lacks them.</summary>
public sealed class ReleaseHistoryFactAttribute : Xunit.FactAttribute
{
    public ReleaseHistoryFactAttribute()
    {
        if (!ReleaseHistory.Available) Skip = "../shared/openapi (text-embeddings-inference, text-generation-inference) or ../shared/hf-task-specs/history is absent beside the repository; the release-history oracle needs them.";
    }
}
