namespace Toolkit.Runtime.Errors;

/// <summary>
/// How a spec describes its error answers: which JSON field holds the message (a string or a list of strings),
/// which holds the estimated time in seconds, which header carries the request id, and which status means
/// "not ready yet, retry" together with the header that asks the server to wait instead.
/// </summary>
/// <param name="MessageField">The field holding the message or list of messages, e.g. <c>error</c>.</param>
/// <param name="EstimatedTimeField">The field holding seconds until ready, e.g. <c>estimated_time</c>.</param>
/// <param name="RequestIdHeader">The response header holding the request id, e.g. <c>x-request-id</c>.</param>
/// <param name="LoadingStatus">The status meaning "loading, retry later", e.g. 503.</param>
/// <param name="LoadingRetryHeader">A boolean request header set to true on retries, e.g. <c>x-wait-for-model</c>.</param>
public sealed record ApiErrorFormat(
    string MessageField,
    string? EstimatedTimeField = null,
    string? RequestIdHeader = null,
    int? LoadingStatus = null,
    string? LoadingRetryHeader = null)
{
    /// <summary>
    /// Reads the error body an API documents for a status into its generated type (null for other statuses); the
    /// result is <see cref="ApiException.Body"/>. Generated clients set it when their spec has <c>errors.bodies</c>.
    /// </summary>
    public ErrorBodyReader? BodyReader { get; init; }

    /// <summary>True when <paramref name="status"/> is the "loading, retry later" status.</summary>
    public bool IsLoading(System.Net.HttpStatusCode status) => LoadingStatus == (int)status;

    /// <summary>
    /// How long the server asks the client to wait before trying again: its estimated time in an error body, else its
    /// <c>Retry-After</c>; null when it says neither. Read by the same parser as <see cref="ApiException"/>, capped at
    /// one day while still a number. The one wait policy of the toolkit: the client's loading retry and Toolkit.Http's
    /// resilience pipeline both ask it.
    /// </summary>
    public System.TimeSpan? ServerDelay(System.Net.Http.HttpResponseMessage response, System.ReadOnlySpan<byte> body)
    {
        System.ArgumentNullException.ThrowIfNull(response);
        var estimated = response.IsSuccessStatusCode ? null : ErrorBodyParser.Parse(body, this).EstimatedTime;
        return estimated ?? ErrorBodyParser.RetryAfter(response);
    }
}

/// <summary>Reads the body of an error answer with <paramref name="status"/> into the type the spec documents for it, or null.</summary>
public delegate object? ErrorBodyReader(int status, System.ReadOnlyMemory<byte> body);
