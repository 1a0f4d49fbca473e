using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Toolkit.Testing.Verification;

/// <summary>The outcome of checking recordings against a contract.</summary>
public sealed class VerificationReport
{
    internal VerificationReport(string specName, string specVersion, int files, int exchanges, IReadOnlyList<ContractViolation> violations, IReadOnlyList<string> notes,
        IReadOnlyList<UnroutedExchange> unrouted)
    {
        NotCovered = unrouted.Where(u => u.Kind == Routing.RouteKind.NotCovered).ToList();
        Ambiguous = unrouted.Where(u => u.Kind == Routing.RouteKind.Ambiguous).ToList();
        SpecName = specName;
        SpecVersion = specVersion;
        Files = files;
        Exchanges = exchanges;
        Violations = violations;
        Notes = notes;
    }

    /// <summary>The spec checked against.</summary>
    public string SpecName { get; }

    /// <summary>Its version.</summary>
    public string SpecVersion { get; }

    /// <summary>How many cassettes or exchange files were read.</summary>
    public int Files { get; }

    /// <summary>Exchanges no operation of the spec describes (counted, never violations).</summary>
    public IReadOnlyList<UnroutedExchange> NotCovered { get; }

    /// <summary>Exchanges several operations fit: not checked until one is named.</summary>
    public IReadOnlyList<UnroutedExchange> Ambiguous { get; }

    /// <summary>How many exchanges were routed to an operation and checked.</summary>
    public int Exchanges { get; }

    /// <summary>Every violation, deduplicated, in file and exchange order.</summary>
    public IReadOnlyList<ContractViolation> Violations { get; }

    /// <summary>Every exchange routed to an operation, with the rule that decided (<c>path</c>, <c>named</c>, <c>shape: ...</c>) and the alternative path it was recorded at, if any.</summary>
    public IReadOnlyList<RoutedExchange> Routes { get; init; } = new List<RoutedExchange>();

    /// <summary>Remarks that are not violations (e.g. a cassette recorded under another spec version).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>True when nothing breaks the contract.</summary>
    public bool IsClean => Violations.Count == 0 && Ambiguous.Count == 0;

    /// <summary>A report for people.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        sb.Append($"Checked {Exchanges} exchange(s) in {Files} file(s) against {SpecName} {SpecVersion}: ");
        sb.Append(Violations.Count == 0 ? "no violations" : $"{Violations.Count} violation(s)");
        sb.Append($"; {NotCovered.Count} not covered by the spec; {Ambiguous.Count} ambiguous.\n");
        var byShape = Routes.Count(r => r.Rule.StartsWith("shape", System.StringComparison.Ordinal));
        if (byShape > 0 || Routes.Any(r => r.AlternativePath is not null))
        {
            sb.Append($"Routed {Routes.Count(r => r.Rule == "path")} by path, {Routes.Count(r => r.Rule == "named")} by a named operation, {byShape} by the shape of the request and response.\n");
        }
        foreach (var group in Violations.GroupBy(v => v.Source))
        {
            sb.Append('\n').Append(group.Key).Append('\n');
            foreach (var v in group)
            {
                sb.Append($"  exchanges[{v.Exchange}] status {v.Status}  {(v.Pointer.Length == 0 ? "(body)" : v.Pointer)}  {v.KindName}\n");
                sb.Append($"      expected {v.Expected}\n      actual   {v.Actual}\n");
            }
        }
        foreach (var a in Ambiguous)
        {
            sb.Append($"\nambiguous: {a.Source} exchanges[{a.Exchange}] {a.Method} {a.Url}\n");
            sb.Append("      fits ").Append(string.Join(", ", a.Candidates)).Append(": name one with --operation\n");
        }
        foreach (var r in Routes.Where(r => r.Rule.StartsWith("shape", System.StringComparison.Ordinal) || r.AlternativePath is not null))
        {
            sb.Append($"routed: {r.Source} exchanges[{r.Exchange}] to {r.Operation}");
            if (r.AlternativePath is not null) sb.Append($", recorded at its alternative path {r.AlternativePath}");
            sb.Append(r.Rule.StartsWith("shape", System.StringComparison.Ordinal) ? $" (by {r.Rule})\n" : "\n");
        }
        foreach (var n in NotCovered) sb.Append($"not covered: {n.Source} exchanges[{n.Exchange}] {n.Method} {n.Url}\n");
        foreach (var note in Notes) sb.Append("note: ").Append(note).Append('\n');
        return sb.ToString();
    }

    /// <summary>A report for machines: <c>{"spec", "version", "files", "exchanges", "clean", "violations": [...], "notCovered", "ambiguous", "routes", "notes"}</c>.</summary>
    public string ToJson()
    {
        var output = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("spec", SpecName);
            w.WriteString("version", SpecVersion);
            w.WriteNumber("files", Files);
            w.WriteNumber("exchanges", Exchanges);
            w.WriteBoolean("clean", IsClean);
            w.WriteStartArray("violations");
            foreach (var v in Violations)
            {
                w.WriteStartObject();
                w.WriteString("source", v.Source);
                w.WriteNumber("exchange", v.Exchange);
                w.WriteString("operation", v.Operation);
                w.WriteNumber("status", v.Status);
                w.WriteString("kind", v.KindName);
                w.WriteString("pointer", v.Pointer);
                w.WriteString("expected", v.Expected);
                w.WriteString("actual", v.Actual);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("notCovered");
            foreach (var n in NotCovered) Write(w, n);
            w.WriteEndArray();
            w.WriteStartArray("ambiguous");
            foreach (var a in Ambiguous) Write(w, a);
            w.WriteEndArray();
            w.WriteStartArray("routes");
            foreach (var r in Routes)
            {
                w.WriteStartObject();
                w.WriteString("source", r.Source);
                w.WriteNumber("exchange", r.Exchange);
                w.WriteString("operation", r.Operation);
                w.WriteString("rule", r.Rule);
                if (r.AlternativePath is not null) w.WriteString("alternativePath", r.AlternativePath);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var note in Notes) w.WriteStringValue(note);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(output.WrittenSpan) + "\n";
    }

    private static void Write(Utf8JsonWriter w, UnroutedExchange u)
    {
        w.WriteStartObject();
        w.WriteString("source", u.Source);
        w.WriteNumber("exchange", u.Exchange);
        w.WriteString("method", u.Method);
        w.WriteString("url", u.Url);
        if (u.Candidates.Count > 0)
        {
            w.WriteStartArray("candidates");
            foreach (var c in u.Candidates) w.WriteStringValue(c);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }
}

/// <summary>An exchange routed to an operation: which, by what rule, and the alternative path it was recorded at (or null).</summary>
public sealed record RoutedExchange(string Source, int Exchange, string Operation, string Rule, string? AlternativePath);

/// <summary>An exchange that was not checked: no operation describes it, or several do (<see cref="Candidates"/>).</summary>
public sealed record UnroutedExchange(string Source, int Exchange, string Method, string Url, Routing.RouteKind Kind, IReadOnlyList<string> Candidates);
