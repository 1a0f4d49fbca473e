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
    string? LoadingRetryHeader = null);
