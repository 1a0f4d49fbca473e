using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Toolkit.Generator.Diagnostics;
using Toolkit.Generator.Versioning;

namespace Toolkit.Generator.Model;

/// <summary>
/// The clients of every spec in the project, by spec name: how a spec's <c>subclients</c> find the client they hand
/// out. Built from <see cref="ClientEntry"/> (names only), so an edit inside one spec does not re-resolve the others.
/// </summary>
internal static class ClientIndex
{
    /// <summary>The entries of the placed specs, in a stable order (the index is compared between runs).</summary>
    public static EquatableArray<ClientEntry> Of(ImmutableArray<ClientEntry> entries)
        => entries.OrderBy(e => e.SpecName, System.StringComparer.Ordinal).ThenBy(e => e.Version, System.StringComparer.Ordinal).ToEquatableArray();

    /// <summary>
    /// <paramref name="spec"/> with each subclient's target client filled in: the highest version of the named spec
    /// that generates code. A spec the project lacks leaves the subclient out, with <see cref="DiagnosticDescriptors.SubclientSpecMissing"/>.
    /// A spec without subclients comes back as the same instance, so nothing after this step runs again for it.
    /// </summary>
    public static Result<SpecModel> Resolve(SpecModel spec, EquatableArray<ClientEntry> index)
    {
        if (spec.Api.Subclients.IsEmpty) return new Result<SpecModel>(spec, EquatableArray<DiagnosticInfo>.Empty);
        var resolved = new List<SubclientSpec>();
        var diagnostics = new List<DiagnosticInfo>();
        foreach (var sub in spec.Api.Subclients)
        {
            ClientEntry? target = null;
            foreach (var entry in index)
            {
                if (entry.SpecName != sub.Spec) continue;
                if (target is null || Newer(entry, target)) target = entry;
            }
            if (target is null)
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.SubclientSpecMissing, sub.Location.File, sub.Location.Span, sub.Location.Lines,
                    new[] { sub.Key, sub.Spec, spec.ClientName, sub.MethodName }.ToEquatableArray()));
                continue;
            }
            resolved.Add(sub with { Target = target });
        }
        var model = spec with { Api = spec.Api with { Subclients = resolved.ToEquatableArray() } };
        return new Result<SpecModel>(model, diagnostics.ToEquatableArray());
    }

    private static bool Newer(ClientEntry a, ClientEntry b)
    {
        var va = SemanticVersion.TryParse(a.Version);
        var vb = SemanticVersion.TryParse(b.Version);
        return va is not null && (vb is null || va.CompareTo(vb) > 0);
    }
}
