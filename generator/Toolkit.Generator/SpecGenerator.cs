using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Toolkit.Generator.Diagnostics;
using Toolkit.Generator.Emit;
using Toolkit.Generator.Model;
using Toolkit.Generator.Parsing;
using Toolkit.Generator.Versioning;

namespace Toolkit.Generator;

/// <summary>
/// Turns spec files (AdditionalFiles with <c>ToolkitSpec="true"</c> metadata) into typed clients.
/// Text → parse → equatable model → one unit per file → emit; diagnostics go through their own output.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SpecGenerator : IIncrementalGenerator
{
    /// <summary>The item metadata that marks an AdditionalFiles item as a spec (see build/Toolkit.Generator.props).</summary>
    public const string SpecMetadataKey = "build_metadata.AdditionalFiles.ToolkitSpec";

    /// <summary>Optional item metadata that replaces the spec's <c>namespace</c>, e.g. to hold two versions side by side.</summary>
    public const string NamespaceMetadataKey = "build_metadata.AdditionalFiles.ToolkitNamespace";

    /// <summary>
    /// The MSBuild property <c>ToolkitSpecVersions</c>: <c>all</c> (default: every version generates code, in
    /// <c>.V{major}</c> namespaces when they would clash) or <c>latest</c> (only the highest version of each spec does).
    /// </summary>
    public const string VersionsPropertyKey = "build_property.ToolkitSpecVersions";

    /// <summary>A type of Toolkit.Http: when the project references it, each client gets an Add{Spec}Client registration.</summary>
    public const string HttpIntegrationType = "Toolkit.Http.Registration.ToolkitClients";

    /// <summary>The assembly that holds <see cref="HttpIntegrationType"/>.</summary>
    public const string HttpIntegrationAssembly = "Toolkit.Http";

    /// <summary>The contract-testing library: when the project references it, each operation gets its contract.</summary>
    public const string TestingIntegrationAssembly = "Toolkit.Testing";

    /// <summary>
    /// The assembly that maps Microsoft.Extensions.AI (and brings its abstractions): when the project references it,
    /// an operation with an <c>abstraction</c> gets <c>AsIChatClient()</c> or <c>AsIEmbeddingGenerator()</c>.
    /// </summary>
    public const string AIIntegrationAssembly = "Toolkit.AI";

    private static bool IsVersionMode(string mode)
        => mode.Equals(VersionPlan.AllVersions, StringComparison.OrdinalIgnoreCase) || mode.Equals(VersionPlan.LatestOnly, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specTexts = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Where(static pair => IsSpec(pair.Left, pair.Right))
            .Select(static (pair, ct) => new SpecText(pair.Left.Path, pair.Left.GetText(ct)?.ToString(), NamespaceOf(pair.Left, pair.Right)))
            .WithTrackingName(TrackingNames.SpecText);

        // Overlays (*.overlay.json) are picked with the specs and travel with the spec they extend into its parse.
        var overlays = specTexts
            .Where(static spec => OverlayApplier.IsOverlay(spec.Path))
            .Select(static (spec, _) => OverlayApplier.Read(spec.Path, spec.Text))
            .WithTrackingName(TrackingNames.Overlays)
            .Collect();

        var specInputs = specTexts
            .Where(static spec => !OverlayApplier.IsOverlay(spec.Path))
            .Combine(overlays)
            .Select(static (pair, _) => new SpecInput(pair.Left, pair.Right
                .Where(o => o.Extends is not null && string.Equals(o.Extends, NormalizedPath(pair.Left.Path), StringComparison.Ordinal))
                .OrderBy(o => o.Path, StringComparer.Ordinal)
                .ToEquatableArray()))
            .WithTrackingName(TrackingNames.SpecInput);

        // An overlay that extends no spec changes nothing: say so rather than let a typo silently drop corrections.
        var strayOverlays = overlays
            .Combine(specInputs.Select(static (input, _) => NormalizedPath(input.Spec.Path)).Collect())
            .Select(static (pair, _) => StrayOverlays(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.StrayOverlays);
        context.RegisterSourceOutput(strayOverlays, static (spc, items) => Report(spc, items));

        var parsed = specInputs
            .Select(static (input, ct) => SpecParser.Parse(input, ct))
            .WithTrackingName(TrackingNames.SpecParse);

        var diagnostics = parsed
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.SpecDiagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, items) => Report(spc, items));

        var models = parsed
            .Where(static result => result.Value is not null)
            .Select(static (result, _) => result.Value!)
            .WithTrackingName(TrackingNames.SpecModel);

        var versionMode = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue(VersionsPropertyKey, out var value) ? value.Trim() : "")
            .WithTrackingName(TrackingNames.VersionMode);
        context.RegisterSourceOutput(versionMode, static (spc, mode) =>
        {
            if (mode.Length > 0 && !IsVersionMode(mode))
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidValue, Location.None,
                    "ToolkitSpecVersions", "the project's MSBuild properties", "\"all\" or \"latest\"", "\"" + mode + "\""));
            }
        });

        var allModels = models.Collect();
        var placements = allModels
            .Combine(versionMode)
            .Select(static (pair, _) => VersionPlan.Place(pair.Left,
                pair.Right.Equals(VersionPlan.LatestOnly, StringComparison.OrdinalIgnoreCase) ? VersionPlan.LatestOnly : VersionPlan.AllVersions))
            .WithTrackingName(TrackingNames.VersionPlan);

        var semver = allModels
            .Select(static (models, _) => SemverCheck.Run(models))
            .WithTrackingName(TrackingNames.SemverCheck);
        context.RegisterSourceOutput(semver, static (spc, items) => Report(spc, items));

        var placed = models
            .Combine(placements)
            .Select(static (pair, _) => VersionPlan.Apply(pair.Left, pair.Right))
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.PlacedModel);

        // A spec's subclients are clients of other specs: resolved against the names of every placed spec (not their
        // bodies, so editing one spec does not re-resolve the others).
        var clientIndex = placed
            .Select(static (model, _) => ClientEntry.Of(model))
            .Collect()
            .Select(static (entries, _) => ClientIndex.Of(entries))
            .WithTrackingName(TrackingNames.ClientIndex);

        var resolvedModels = placed
            .Combine(clientIndex)
            .Select(static (pair, _) => ClientIndex.Resolve(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.ResolvedModel);
        context.RegisterSourceOutput(resolvedModels.Select(static (r, _) => r.Diagnostics), static (spc, items) => Report(spc, items));

        // The DI registration needs Toolkit.Http, the contracts Toolkit.Testing, the AI adapters Toolkit.AI. Read from the references, not the
        // compilation: the compilation changes on every keystroke, and a step that depends on it makes every spec's
        // models be compared again each time.
        var integrations = context.MetadataReferencesProvider
            .Select(static (reference, _) => IntegrationOf(reference))
            .Collect()
            .Select(static (found, _) => found.Aggregate(Integrations.None, static (all, one) => all | one))
            .WithTrackingName(TrackingNames.Integrations);

        // One file per spec, emitted whole (see SpecFiles for why one file a spec, and why not cached in parts).
        var files = resolvedModels
            .Select(static (result, _) => result.Value!)
            .Combine(integrations)
            .Select(static (pair, _) => SpecFiles.Plan(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.GeneratedFiles);

        // The plan is made once: the clash check reads the types it declares, the output emits it.
        var conflicts = files
            .Select(static (file, _) => TypeNamesOf(file))
            .Collect()
            .Select(static (all, _) => FindConflicts(all))
            .WithTrackingName(TrackingNames.TypeConflicts);
        context.RegisterSourceOutput(conflicts.Select(static (c, _) => c.Diagnostics), static (spc, items) => Report(spc, items));

        context.RegisterSourceOutput(
            files.Combine(conflicts.Select(static (c, _) => c.BlockedSpecs)),
            static (spc, pair) =>
            {
                if (pair.Right.Contains(pair.Left.SpecPath)) return;
                spc.AddSource(pair.Left.HintName, SpecFiles.Text(pair.Left));
            });
    }

    private static string NormalizedPath(string path)
    {
        try
        {
            return System.IO.Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or System.IO.PathTooLongException)
        {
            return path;
        }
    }

    private static EquatableArray<DiagnosticInfo> StrayOverlays(ImmutableArray<OverlayText> overlays, ImmutableArray<string> specs)
    {
        var known = new System.Collections.Generic.HashSet<string>(specs, StringComparer.Ordinal);
        return overlays
            .Where(o => o.Problem is not null || !known.Contains(o.Extends!))
            .Select(o => o.Problem ?? new DiagnosticInfo(DiagnosticDescriptors.OverlayWithoutSpec, o.Path, new TextSpan(0, 0), default,
                new[] { o.Extends! }.ToEquatableArray()))
            .ToEquatableArray();
    }

    /// <summary>Which toolkit library a reference is, if any (by file name: the reference is not opened).</summary>
    private static Integrations IntegrationOf(MetadataReference reference)
    {
        var name = reference.Display is { } display ? System.IO.Path.GetFileNameWithoutExtension(display) : "";
        if (string.Equals(name, HttpIntegrationAssembly, StringComparison.OrdinalIgnoreCase)) return Integrations.Http;
        if (string.Equals(name, TestingIntegrationAssembly, StringComparison.OrdinalIgnoreCase)) return Integrations.Testing;
        if (string.Equals(name, AIIntegrationAssembly, StringComparison.OrdinalIgnoreCase)) return Integrations.AI;
        return Integrations.None;
    }

    private static bool IsSpec(AdditionalText text, AnalyzerConfigOptionsProvider options)
        => options.GetOptions(text).TryGetValue(SpecMetadataKey, out var value)
           && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static string? NamespaceOf(AdditionalText text, AnalyzerConfigOptionsProvider options)
        => options.GetOptions(text).TryGetValue(NamespaceMetadataKey, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value.Trim()
            : null;

    private static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> items)
    {
        foreach (var item in items) context.ReportDiagnostic(item.ToDiagnostic());
    }

    /// <summary>The names a spec's code claims: each type it declares, and its file.</summary>
    private static SpecTypeNames TypeNamesOf(GeneratedFile file)
        => new(file.SpecPath, file.Units[0].Namespace, file.Units.Select(u => u.UnitName).Append(file.HintName).ToEquatableArray());

    /// <summary>
    /// Two specs that would generate the same type (e.g. two versions in one namespace): the first by path keeps
    /// its files, the others get a diagnostic instead of duplicate types (or a crashing duplicate hint name).
    /// </summary>
    private static TypeConflicts FindConflicts(ImmutableArray<SpecTypeNames> all)
    {
        // File names must be unique ignoring case (Roslyn's rule for hint names), and type names follow it too.
        var owners = new System.Collections.Generic.Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var diagnostics = new System.Collections.Generic.List<DiagnosticInfo>();
        var blocked = new System.Collections.Generic.List<string>();
        foreach (var spec in all.OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            var clash = spec.TypeNames.FirstOrDefault(name => owners.ContainsKey(name));
            if (clash is not null)
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.DuplicateName, spec.Path, new TextSpan(0, 0), default,
                    new[] { "This spec", clash, "the spec " + owners[clash], "namespace" }.ToEquatableArray()));
                blocked.Add(spec.Path);
                continue;
            }
            foreach (var name in spec.TypeNames) owners[name] = spec.Path;
        }
        return new TypeConflicts(diagnostics.ToEquatableArray(), blocked.ToEquatableArray());
    }
}
