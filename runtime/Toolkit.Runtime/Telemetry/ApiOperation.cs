using System;
using System.ComponentModel;

namespace Toolkit.Runtime.Telemetry;

/// <summary>
/// What a generated client tells the transport about an operation, for its traces and metrics: the API (the spec's
/// name), the operation (its key in the spec), the method and the path template (<c>url.template</c>: low
/// cardinality, no model ids or other values).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ApiOperation
{
    /// <summary>Describes one operation; generated once per operation.</summary>
    public ApiOperation(string api, string name, string method, string urlTemplate)
    {
        Api = api ?? throw new ArgumentNullException(nameof(api));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Method = method ?? throw new ArgumentNullException(nameof(method));
        UrlTemplate = urlTemplate ?? throw new ArgumentNullException(nameof(urlTemplate));
        SpanName = method + " " + urlTemplate;
    }

    /// <summary>The spec's name, e.g. <c>inference-providers</c>.</summary>
    public string Api { get; }

    /// <summary>The operation's key in the spec, e.g. <c>chat-completion</c>.</summary>
    public string Name { get; }

    /// <summary>The HTTP method.</summary>
    public string Method { get; }

    /// <summary>The path template, e.g. <c>/models/{model}/v1/chat/completions</c>.</summary>
    public string UrlTemplate { get; }

    /// <summary>The span's name, as OpenTelemetry's HTTP client conventions write it: <c>{method} {url.template}</c>.</summary>
    internal string SpanName { get; }
}
