using System.Linq;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>Emits the client options (base address, token, path parameters, client headers) and per-request options.</summary>
internal static class OptionsEmitter
{
    public static void EmitClientOptions(SourceWriter w, SpecModel spec)
    {
        w.Open("namespace " + spec.Namespace);
        w.Doc("summary", $"Settings for {spec.ClientName}, set once per client.");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Open("public sealed partial class " + spec.ClientOptionsName);
        w.Doc("summary", "The base address the spec documents.");
        w.Line($"public static readonly global::System.Uri DefaultBaseAddress = new global::System.Uri({SourceWriter.Literal(spec.Api.BaseUrl)});");
        w.Line();
        w.Doc("summary", "The service's base address; it may carry a path of its own (e.g. a router prefix).");
        w.DocXml("remarks", "Default: <c>" + SourceWriter.Escape(spec.Api.BaseUrl) + "</c>." + string.Concat(spec.Api.Servers.Select(server =>
            " Also documented: <c>" + SourceWriter.Escape(server.Url) + "</c>" + (server.Description is null ? "" : " (" + SourceWriter.Escape(server.Description) + ")") + ".")));
        w.Line("public global::System.Uri BaseAddress { get; set; } = DefaultBaseAddress;");
        foreach (var h in spec.Api.Headers.Where(h => h.Scope == HeaderScope.Client))
        {
            w.Line();
            w.Doc("summary", h.Description ?? $"The '{h.Name}' header.");
            w.DocXml("remarks", h.Bearer
                ? "Sent as <c>" + SourceWriter.Escape(h.Name) + ": Bearer {token}</c> when set. Never logged or put into exceptions."
                : HeaderRemarks(h));
            w.Line($"public {HeaderType(h)}? {h.PropertyName} {{ get; set; }}");
        }
        foreach (var q in spec.Api.ClientQuery)
        {
            w.Line();
            w.Doc("summary", q.Description ?? $"The '{q.Name}' query parameter of every request.");
            w.DocXml("remarks", "Sent as <c>?" + SourceWriter.Escape(q.Name) + "=...</c> on every request when set." + (q.Secret ? " An API key: never logged or put into exceptions." : ""));
            w.Line($"public string? {q.PropertyName} {{ get; set; }}");
        }
        foreach (var p in spec.Api.ClientParameters)
        {
            w.Line();
            w.Doc("summary", p.Description ?? $"The '{p.Name}' path parameter.");
            // A path parameter that no call takes (a one-operation spec's) is filled from here only.
            var only = p.ParameterName is null ? spec.Operations.FirstOrDefault(o => o.PathParameters.Any(q => q.Name == p.Name)) : null;
            var where = only is null
                ? "The <c>" + SourceWriter.Escape(p.Name) + "</c> of every call that passes null for it."
                : "Fills <c>{" + SourceWriter.Escape(p.Name) + "}</c> in <c>" + SourceWriter.Escape(only.PathTemplate) + "</c>.";
            w.DocXml("remarks", where + (p.Default is null ? (only is null ? "" : " Required.") : " Default: <c>" + SourceWriter.Escape(p.Default) + "</c>."));
            w.Line($"public string? {p.PropertyName} {{ get; set; }}{(p.Default is null ? "" : " = " + SourceWriter.Literal(p.Default) + ";")}");
        }
        if (spec.Errors?.LoadingStatus is { } status)
        {
            w.Line();
            w.Doc("summary", $"What the client does when the service answers {status} because it is still loading.");
            w.Line("public global::Toolkit.Runtime.Transport.LoadingRetryOptions LoadingRetry { get; set; } = new global::Toolkit.Runtime.Transport.LoadingRetryOptions();");
        }
        w.Line();
        w.Doc("summary", "Timeouts (per attempt and per call, the body included) and the largest success and error bodies the client reads.");
        w.Line("public global::Toolkit.Runtime.Transport.TransportLimits Limits { get; set; } = new global::Toolkit.Runtime.Transport.TransportLimits();");
        w.Line();
        w.Doc("summary", "When true, every response is also checked against the spec's rules (ranges, enum values) and a violation throws a ResponseValidationException. Default false.");
        w.Line("public bool ValidateResponses { get; set; }");
        w.Close();
        w.Close();
    }

    public static void EmitRequestOptions(SourceWriter w, SpecModel spec)
    {
        w.Open("namespace " + spec.Namespace);
        w.Doc("summary", $"Per-call settings for {spec.ClientName}: the spec's per-request headers. Unset values are not sent.");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Open("public sealed partial class " + spec.RequestOptionsName);
        var first = true;
        foreach (var h in spec.Api.Headers.Where(h => h.Scope == HeaderScope.Request))
        {
            if (!first) w.Line();
            first = false;
            w.Doc("summary", h.Description ?? $"The '{h.Name}' header.");
            w.DocXml("remarks", HeaderRemarks(h));
            w.Line($"public {HeaderType(h)}? {h.PropertyName} {{ get; set; }}");
        }
        w.Close();
        w.Close();
    }

    private static string HeaderRemarks(HeaderSpec h)
        => "Header <c>" + SourceWriter.Escape(h.Name) + "</c>; not sent when null."
           + (h.DefaultJson is null ? "" : " Server default: <c>" + SourceWriter.Escape(h.DefaultJson) + "</c>.")
           + (h.Required ? " Required." : "");

    internal static string HeaderType(HeaderSpec h) => CSharpTypes.Of(h.Type, "");
}
