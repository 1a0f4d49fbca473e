namespace Toolkit.Generator;

/// <summary>Names of the incremental pipeline stages; tests assert that each is cached on re-runs.</summary>
public static class TrackingNames
{
    /// <summary>Spec files picked from AdditionalFiles, with their text.</summary>
    public const string SpecText = nameof(SpecText);

    /// <summary>Overlay files, with the spec each extends.</summary>
    public const string Overlays = nameof(Overlays);

    /// <summary>Each spec with the overlays that extend it.</summary>
    public const string SpecInput = nameof(SpecInput);

    /// <summary>Overlays that extend no spec of the project (warnings).</summary>
    public const string StrayOverlays = nameof(StrayOverlays);

    /// <summary>Parse results: the model plus diagnostics.</summary>
    public const string SpecParse = nameof(SpecParse);

    /// <summary>The diagnostics of each spec, reported in their own output.</summary>
    public const string SpecDiagnostics = nameof(SpecDiagnostics);

    /// <summary>The models of specs that parsed.</summary>
    public const string SpecModel = nameof(SpecModel);

    /// <summary>The ToolkitSpecVersions property.</summary>
    public const string VersionMode = nameof(VersionMode);

    /// <summary>Where each spec version's code goes (namespace, or baseline only).</summary>
    public const string VersionPlan = nameof(VersionPlan);

    /// <summary>Semver diagnostics between consecutive versions of a spec.</summary>
    public const string SemverCheck = nameof(SemverCheck);

    /// <summary>The models that generate code, with their final namespaces.</summary>
    public const string PlacedModel = nameof(PlacedModel);

    /// <summary>The clients of every placed spec, by spec name (what a spec's <c>subclients</c> refer to).</summary>
    public const string ClientIndex = nameof(ClientIndex);

    /// <summary>Each placed model with its subclients' targets filled in (and diagnostics for those the project lacks).</summary>
    public const string ResolvedModel = nameof(ResolvedModel);

    /// <summary>Which toolkit libraries the project references (Toolkit.Http: DI registration; Toolkit.Testing: contracts; Toolkit.AI: adapters).</summary>
    public const string Integrations = nameof(Integrations);

    /// <summary>Generated type names that two specs both claim.</summary>
    public const string TypeConflicts = nameof(TypeConflicts);

    /// <summary>One file per spec: the units it is emitted from (one per type and per spec-wide class).</summary>
    public const string GeneratedFiles = nameof(GeneratedFiles);
}
