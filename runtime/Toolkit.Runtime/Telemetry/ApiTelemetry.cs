using System;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http;
using System.Text;
using Toolkit.Runtime.Errors;

namespace Toolkit.Runtime.Telemetry;

/// <summary>
/// The names a generated client's traces and metrics are published under. One activity per call (retries and the
/// body's read inside it; HttpClient's own activity per attempt is its child), and its duration and retries as
/// metrics, with the attributes of OpenTelemetry's HTTP client conventions: never a header, a body or a query value.
/// </summary>
public static class ApiTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> and <see cref="Meter"/> name: <c>AddSource("Toolkit.Client")</c>, <c>AddMeter("Toolkit.Client")</c>.</summary>
    public const string Name = "Toolkit.Client";

    /// <summary>The histogram of a call's duration in seconds (from the first attempt to the end of the body or stream).</summary>
    public const string DurationInstrument = "toolkit.client.operation.duration";

    /// <summary>The counter of loading retries (attempts after the first).</summary>
    public const string RetriesInstrument = "toolkit.client.operation.retries";

    internal static readonly ActivitySource Source = new(Name, typeof(ApiTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(Name, typeof(ApiTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(DurationInstrument, "s",
        "The duration of a generated client's call, retries and the answer's body included.");

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>(RetriesInstrument, "{retry}",
        "Attempts after the first (the service was loading the model).");
}

/// <summary>One call's activity and measurements; null when nothing listens.</summary>
internal sealed class ApiCall
{
    private readonly ApiOperation? _operation;
    private readonly Activity? _activity;
    private readonly long _started;
    private string? _method;
    private string? _scheme;
    private string? _host;
    private int _port;
    private int _attempts;
    private int? _status;
    private Exception? _error;
    private bool _ended;

    private ApiCall(ApiOperation? operation, Activity? activity)
    {
        _operation = operation;
        _activity = activity;
        _started = Stopwatch.GetTimestamp();
    }

    public static ApiCall? Start(ApiOperation? operation)
    {
        var activity = ApiTelemetry.Source.StartActivity(operation?.SpanName ?? "HTTP", ActivityKind.Client);
        if (activity is null && !ApiTelemetry.Duration.Enabled && !ApiTelemetry.Retries.Enabled) return null;
        if (activity is not null && operation is not null)
        {
            activity.SetTag("http.request.method", operation.Method);
            activity.SetTag("url.template", operation.UrlTemplate);
            activity.SetTag("toolkit.api", operation.Api);
            activity.SetTag("toolkit.operation", operation.Name);
        }
        return new ApiCall(operation, activity);
    }

    /// <summary>An attempt is about to be sent.</summary>
    public void Attempt(HttpRequestMessage request)
    {
        _attempts++;
        if (_attempts > 1)
        {
            ApiTelemetry.Retries.Add(1, Tags(withStatus: false));
            _activity?.SetTag("http.request.resend_count", _attempts - 1);
            return;
        }
        _method = request.Method.Method;
        if (request.RequestUri is { IsAbsoluteUri: true } uri)
        {
            _scheme = uri.Scheme;
            _host = uri.Host;
            _port = uri.Port;
            if (_activity is not null)
            {
                _activity.SetTag("server.address", uri.Host);
                _activity.SetTag("server.port", uri.Port);
                _activity.SetTag("url.full", Redacted(uri));
            }
        }
        if (_activity is not null && _operation is null)
        {
            _activity.DisplayName = _method;
            _activity.SetTag("http.request.method", _method);
        }
    }

    /// <summary>The attempt was answered with <paramref name="status"/>.</summary>
    public void Answered(int status) => _status = status;

    /// <summary>The call failed after its answer (its body could not be read); ends at dispose.</summary>
    public void Fail(Exception error) => _error ??= error;

    /// <summary>Ends the activity and records the duration, once.</summary>
    public void End(Exception? error)
    {
        if (_ended) return;
        _ended = true;
        _error ??= error;
        var seconds = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var errorType = ErrorType();
        if (_activity is not null)
        {
            if (_status is { } status) _activity.SetTag("http.response.status_code", status);
            if (errorType is not null)
            {
                _activity.SetTag("error.type", errorType);
                _activity.SetStatus(ActivityStatusCode.Error, _error is null ? null : _error.GetType().Name);
            }
            _activity.Stop();
        }
        ApiTelemetry.Duration.Record(seconds, Tags(withStatus: true, errorType));
    }

    // error.type: the status code of an error answer, else the exception's type (OpenTelemetry's HTTP conventions).
    private string? ErrorType()
    {
        if (_error is ApiException api) return ((int)api.StatusCode).ToString(CultureInfo.InvariantCulture);
        if (_error is not null) return _error.GetType().FullName;
        return _status is >= 400 ? _status.Value.ToString(CultureInfo.InvariantCulture) : null;
    }

    private TagList Tags(bool withStatus, string? errorType = null)
    {
        var tags = new TagList();
        if (_method is not null) tags.Add("http.request.method", _method);
        if (_host is not null)
        {
            tags.Add("server.address", _host);
            tags.Add("server.port", _port);
            tags.Add("url.scheme", _scheme);
        }
        if (_operation is not null)
        {
            tags.Add("url.template", _operation.UrlTemplate);
            tags.Add("toolkit.api", _operation.Api);
            tags.Add("toolkit.operation", _operation.Name);
        }
        if (withStatus && _status is { } status) tags.Add("http.response.status_code", status);
        if (errorType is not null) tags.Add("error.type", errorType);
        return tags;
    }

    // The URL without user info and with every query value replaced (an API key may travel in the query).
    private static string Redacted(Uri uri)
    {
        var text = new StringBuilder().Append(uri.Scheme).Append("://").Append(uri.Host);
        if (!uri.IsDefaultPort) text.Append(':').Append(uri.Port.ToString(CultureInfo.InvariantCulture));
        text.Append(uri.AbsolutePath);
        var query = uri.Query;
        if (query.Length > 1)
        {
            var first = true;
            foreach (var pair in query.Substring(1).Split('&'))
            {
                text.Append(first ? '?' : '&');
                first = false;
                var equals = pair.IndexOf('=');
                text.Append(equals < 0 ? pair : pair.Substring(0, equals)).Append("=*");
            }
        }
        return text.ToString();
    }
}
